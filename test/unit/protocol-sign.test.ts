import { describe, expect, it } from 'vitest';
import { computeSign, verifySign } from '../../server/protocol';

const DATA = '{"ts":"1561699571","action":"AEC_LIVE_USER_ONLINE","userId":"577175","channelId":"Wz@NWuVjBI3taaCB"}';

describe('computeSign', () => {
  it('is base64(HMAC-SHA1) — RFC 2202 test case 2', () => {
    const expected = Buffer.from('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79', 'hex').toString('base64');
    expect(computeSign('what do ya want for nothing?', 'Jefe')).toBe(expected);
  });

  it('signs the UTF-8 bytes of the data (vector from Python hmac)', () => {
    expect(computeSign('é', 'k')).toBe('YbzQERSz72q35aeK+dEiJrlS8f4=');
    expect(computeSign(DATA, 'guard-secret')).toBe('LjECg4DjKbfvQoXnuwQ0aWszf10=');
  });
});

describe('verifySign', () => {
  const token = 'guard-secret';
  const sign = computeSign(DATA, token);

  it('accepts anything when no guard token is configured', () => {
    expect(verifySign(DATA, undefined, undefined)).toEqual({ ok: true });
    expect(verifySign(DATA, 'garbage', undefined)).toEqual({ ok: true });
    expect(verifySign(DATA, undefined, '')).toEqual({ ok: true });
  });

  it('accepts the right sign, in any letter case', () => {
    expect(verifySign(DATA, sign, token)).toEqual({ ok: true });
    expect(verifySign(DATA, sign.toLowerCase(), token)).toEqual({ ok: true });
    expect(verifySign(DATA, sign.toUpperCase(), token)).toEqual({ ok: true });
  });

  it('accepts a sign whose "+" became a space in an unencoded query string', () => {
    expect(verifySign('é', 'YbzQERSz72q35aeK dEiJrlS8f4=', 'k')).toEqual({ ok: true });
  });

  it('refuses a missing sign', () => {
    expect(verifySign(DATA, undefined, token)).toEqual({ ok: false, reason: 'sign is missing (a guard token is configured)' });
    expect(verifySign(DATA, '  ', token)).toMatchObject({ ok: false });
  });

  it('refuses a wrong sign, another key, and altered data', () => {
    const wrong = { ok: false, reason: 'sign does not match data and the guard token' };
    expect(verifySign(DATA, 'AAAA', token)).toEqual(wrong);
    expect(verifySign(DATA, computeSign(DATA, 'other-token'), token)).toEqual(wrong);
    expect(verifySign(DATA.replace('577175', '577176'), sign, token)).toEqual(wrong);
    expect(verifySign(DATA, `${sign}x`, token)).toEqual(wrong);
  });
});
