// The sign: 2.9.6 signs every request with the factory key 12345678, so a wrong sign means a
// caller that is not a StarRTC server and is refused; a missing sign is accepted (tools, old
// builds) unless --require-sign; --guard-token replaces the factory key.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, ChannelRow } from '../../server/contract';
import { computeSign } from '../../server/protocol';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, dataOf, denied, reading, sendData, userId, WIRE_FORMS } from '../support/aec-client';

const GUARD = 'studio-guard-token';

async function channelIds(t: Harness): Promise<string[]> {
  return (await t.get<ChannelRow[]>('/api/channels')).map((row) => row.id);
}

function expectRefused(text: string): void {
  expect(JSON.parse(text)).toEqual(denied('badSign'));
  expect(reading(text)).toEqual({ kind: 'failure', index: 32, name: 'AECERRID_AEC_AUTH_FAILED' });
}

describe('by default: the factory key', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startHarness();
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(WIRE_FORMS)('a request signed as 2.9.6 signs it is accepted (%s)', async (form) => {
    const id = channelId();
    const raw = await sendData(t.callbackUrl, dataOf(aec.createGlobal(id, userId()), form), form);
    expect(JSON.parse(raw.text)).toMatchObject({ status: '1' });
    expect(await channelIds(t)).toContain(id);
  });

  test.each(WIRE_FORMS)('a wrong sign is refused and changes nothing: not a StarRTC server (%s)', async (form) => {
    const id = channelId();
    const data = dataOf(aec.createGlobal(id, userId()), form);
    for (const sign of [computeSign(data, 'another-key'), computeSign(`${data} `), 'not-base64!']) {
      const raw = await sendData(t.callbackUrl, data, form, { sign });
      expect(raw.httpStatus).toBe(200);
      expectRefused(raw.text);
    }
    expect(await channelIds(t)).not.toContain(id);
    const entries = await t.get<AuditEntry[]>(`/api/audit?decision=deny&limit=1`);
    expect(entries[0]).toMatchObject({ action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', code: 10003 });
    expect(entries[0]?.reason).toMatch(/not signed by a StarRTC server/);
  });

  test.each(WIRE_FORMS.filter((f) => f !== 'starrtc'))('a request without a sign is accepted (%s)', async (form) => {
    const id = channelId();
    const raw = await sendData(t.callbackUrl, dataOf(aec.createGlobal(id, userId()), form), form, { sign: null });
    expect(JSON.parse(raw.text)).toMatchObject({ status: '1' });
    expect(await channelIds(t)).toContain(id);
  });

  test('the sign is compared ignoring letter case, and a "+" that arrived as a space still matches', async () => {
    let data = '';
    let sign = '';
    for (let i = 0; !sign.includes('+'); i += 1) {
      data = JSON.stringify({ action: 'AEC_ACCESS_VALIDATION', echostr: `e${i}` });
      sign = computeSign(data);
    }
    const echo = JSON.parse(data).echostr as string;
    const lower = await sendData(t.callbackUrl, data, 'get', { sign: sign.toLowerCase() });
    expect(lower.text).toBe(JSON.stringify({ status: '1', data: echo }));
    // An unencoded "+" in a hand-built query string decodes to a space.
    const url = `${t.callbackUrl}aec?data=${encodeURIComponent(data)}&sign=${sign.replace(/\//g, '%2F').replace(/=/g, '%3D')}`;
    expect(await (await fetch(url)).text()).toBe(JSON.stringify({ status: '1', data: echo }));
  });

  test('a JSON body {"data","sign"} is checked over its data string', async () => {
    const data = JSON.stringify({ action: 'AEC_ACCESS_VALIDATION', echostr: 'wrapped' });
    const post = (sign: string) =>
      fetch(`${t.callbackUrl}aec`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data, sign }) });
    expect(await (await post(computeSign(data))).text()).toBe('{"status":"1","data":"wrapped"}');
    expectRefused(await (await post(computeSign(data, 'nope'))).text());
  });
});

describe('--require-sign', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startHarness({ requireSign: true });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(WIRE_FORMS.filter((f) => f !== 'starrtc'))('a request without a sign is refused (%s)', async (form) => {
    const id = channelId();
    const raw = await sendData(t.callbackUrl, dataOf(aec.createGlobal(id, userId()), form), form, { sign: null });
    expectRefused(raw.text);
    expect(await channelIds(t)).not.toContain(id);
  });

  test('the real 2.9.6 request, signed, still goes through', async () => {
    expect((await t.call(aec.createGlobal(channelId(), userId()))).status).toBe('1');
  });
});

describe('--guard-token replaces the factory key', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startHarness({ guardToken: GUARD });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(WIRE_FORMS)('a sign made with the guard token is accepted, one with the factory key refused (%s)', async (form) => {
    const id = channelId();
    const data = dataOf(aec.createGlobal(id, userId()), form);
    expectRefused((await sendData(t.callbackUrl, data, form)).text);
    expect(await channelIds(t)).not.toContain(id);
    const raw = await sendData(t.callbackUrl, data, form, { signKey: GUARD });
    expect(JSON.parse(raw.text)).toMatchObject({ status: '1' });
    expect(await channelIds(t)).toContain(id);
  });
});
