// The guard token: with one set, only callbacks signed with base64(HMAC-SHA1(data)) are
// honoured; without one, whatever sign arrives is ignored.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChannelRow } from '../../server/contract';
import { computeSign } from '../../server/protocol';
import { startTestApp, type TestApp } from './helpers/app';
import { aec, channelId, sendData, userId, WIRE_FORMS } from './helpers/wire';

const GUARD = 'studio-guard-token';
const refused = '{"status":"0","data":10003}';

async function channelIds(t: TestApp): Promise<string[]> {
  return (await t.get<ChannelRow[]>('/api/channels')).map((row) => row.id);
}

describe('sign on (--guard-token)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ guardToken: GUARD });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(WIRE_FORMS)('a valid sign is accepted (%s)', async (form) => {
    const id = channelId();
    const data = JSON.stringify(aec.createGlobal(id, userId()));
    const raw = await sendData(t.callbackUrl, data, form, { sign: computeSign(data, GUARD) });
    expect(raw.httpStatus).toBe(200);
    expect(JSON.parse(raw.text)).toMatchObject({ status: '1' });
    expect(await channelIds(t)).toContain(id);
  });

  test.each(WIRE_FORMS)('a wrong or missing sign is refused with 10003 and changes nothing (%s)', async (form) => {
    const id = channelId();
    const data = JSON.stringify(aec.createGlobal(id, userId()));
    const signedOther = computeSign(`${data} `, GUARD);
    const wrongKey = computeSign(data, 'another-token');
    for (const sign of [signedOther, wrongKey, 'not-base64!', undefined]) {
      const raw = await sendData(t.callbackUrl, data, form, sign === undefined ? {} : { sign });
      expect(raw).toEqual({ httpStatus: 200, text: refused });
    }
    expect(await channelIds(t)).not.toContain(id);
  });

  test('the sign is compared case-insensitively, and a "+" that arrived as a space still matches', async () => {
    // Find a payload whose sign holds a "+", as base64 often does.
    let data = '';
    let sign = '';
    for (let i = 0; !sign.includes('+'); i += 1) {
      data = JSON.stringify({ action: 'AEC_ACCESS_VALIDATION', echostr: `e${i}` });
      sign = computeSign(data, GUARD);
    }
    const echo = JSON.parse(data).echostr as string;
    const lower = await sendData(t.callbackUrl, data, 'get', { sign: sign.toLowerCase() });
    expect(lower.text).toBe(JSON.stringify({ status: '1', data: echo }));
    // Unencoded "+" in a hand-built query string decodes to a space.
    const url = `${t.callbackUrl}aec?data=${encodeURIComponent(data)}&sign=${sign.replace(/\//g, '%2F').replace(/=/g, '%3D')}`;
    const res = await fetch(url);
    expect(await res.text()).toBe(JSON.stringify({ status: '1', data: echo }));
  });

  test('a JSON body {"data","sign"} is checked over its data string', async () => {
    const data = JSON.stringify({ action: 'AEC_ACCESS_VALIDATION', echostr: 'wrapped' });
    const post = (sign: string) =>
      fetch(`${t.callbackUrl}aec`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data, sign }) });
    expect(await (await post(computeSign(data, GUARD))).text()).toBe('{"status":"1","data":"wrapped"}');
    expect(await (await post(computeSign(data, 'nope'))).text()).toBe(refused);
  });

  test('refusals are in the audit log with their reason', async () => {
    const data = JSON.stringify(aec.createGlobal(channelId(), userId()));
    await sendData(t.callbackUrl, data, 'get');
    const entries = await t.get<{ code: number | null; reason: string; decision: string }[]>('/api/audit?decision=deny&limit=5');
    expect(entries[0]).toMatchObject({ code: 10003, decision: 'deny' });
    expect(entries[0]?.reason).toMatch(/sign/);
  });
});

describe('sign off (no guard token)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(WIRE_FORMS)('any sign, or none, is ignored (%s)', async (form) => {
    for (const sign of ['garbage', computeSign('other', GUARD), undefined]) {
      const id = channelId();
      const data = JSON.stringify(aec.createGlobal(id, userId()));
      const raw = await sendData(t.callbackUrl, data, form, sign === undefined ? {} : { sign });
      expect(JSON.parse(raw.text)).toMatchObject({ status: '1' });
      expect(await channelIds(t)).toContain(id);
    }
  });
});
