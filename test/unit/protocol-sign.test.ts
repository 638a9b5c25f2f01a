import { describe, expect, it } from 'vitest';
import { computeSign, FACTORY_SIGN_KEY, verifySign } from '../../server/protocol';

const DATA = '{"ts":"1561699571","action":"AEC_LIVE_USER_ONLINE","userId":"577175","channelId":"Wz@NWuVjBI3taaCB"}';
const factory = { guardToken: null, required: false };

describe('computeSign', () => {
  it('is base64(HMAC-SHA1) — RFC 2202 test case 2', () => {
    const expected = Buffer.from('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79', 'hex').toString('base64');
    expect(computeSign('what do ya want for nothing?', 'Jefe')).toBe(expected);
  });

  it('signs the UTF-8 bytes of the data (vector from Python hmac)', () => {
    expect(computeSign('é', 'k')).toBe('YbzQERSz72q35aeK+dEiJrlS8f4=');
    expect(computeSign(DATA, 'guard-secret')).toBe('LjECg4DjKbfvQoXnuwQ0aWszf10=');
  });

  it('uses the 2.9.6 factory key 12345678 by default: the sign of the documented chat-room example', () => {
    const data =
      '{"ts":"1561085008","action":"AEC_CHATROOM_CREATE","userId":"892500","roomId":"a4a8_KS9sWt36ttn","roomType":"CHAT_ROOM_TYPE_PUBLIC","conCurrentNumber":"100","userDefineData":"666"}';
    expect(FACTORY_SIGN_KEY).toBe('12345678');
    expect(computeSign(data)).toBe('072zgH0GmDTPqYhqT0GVeHVVALM=');
  });
});

describe('verifySign', () => {
  it('accepts the factory sign, in any letter case, and says it was signed', () => {
    const sign = computeSign(DATA);
    expect(verifySign(DATA, sign, factory)).toEqual({ ok: true, signed: true });
    expect(verifySign(DATA, sign.toLowerCase(), factory)).toEqual({ ok: true, signed: true });
  });

  it('refuses a sign made with another key: not a StarRTC server', () => {
    expect(verifySign(DATA, computeSign(DATA, 'other'), factory)).toEqual({
      ok: false,
      reason: 'not signed by a StarRTC server: sign does not match data and the factory key 12345678',
    });
    expect(verifySign(DATA.replace('577175', '577176'), computeSign(DATA), factory)).toMatchObject({ ok: false });
    expect(verifySign(DATA, 'AAAA', factory)).toMatchObject({ ok: false });
  });

  it('accepts a missing sign (tools, old builds) unless signs are required', () => {
    expect(verifySign(DATA, undefined, factory)).toEqual({ ok: true, signed: false });
    expect(verifySign(DATA, '  ', factory)).toEqual({ ok: true, signed: false });
    expect(verifySign(DATA, undefined, { guardToken: null, required: true })).toEqual({
      ok: false,
      reason: 'sign is missing (signed requests are required: --require-sign)',
    });
  });

  it('checks against the guard token instead of the factory key when one is set', () => {
    const policy = { guardToken: 'guard-secret', required: false };
    expect(verifySign(DATA, computeSign(DATA, 'guard-secret'), policy)).toEqual({ ok: true, signed: true });
    expect(verifySign(DATA, computeSign(DATA), policy)).toEqual({
      ok: false,
      reason: 'not signed by a StarRTC server: sign does not match data and the guard token',
    });
  });

  it('accepts a sign whose "+" became a space in an unencoded query string', () => {
    expect(verifySign('é', 'YbzQERSz72q35aeK dEiJrlS8f4=', { guardToken: 'k', required: false })).toEqual({ ok: true, signed: true });
  });
});
