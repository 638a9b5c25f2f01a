// Whatever arrives, the media server gets HTTP 200 and {"status":"0","data":"<index>"} that its
// parser reads as a name from its error table: never a 500, never an HTML error page, never an
// index that would crash it, and nothing half-applied.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, ChannelRow } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, denied, reading, sendData, userId, WIRE_FORMS } from '../support/aec-client';
import { isSafeWireIndex } from '../../server/contract';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const DENY_SHAPE = /^\{"status":"0","data":"\d{1,2}"\}$/;

function expectReadableDenial(text: string): void {
  expect(text).toMatch(DENY_SHAPE);
  const read = reading(text);
  expect(read.kind).toBe('failure');
  expect(isSafeWireIndex((read as { index: number }).index)).toBe(true);
}
const create = (fields: Record<string, unknown>) => ({ ...aec.createGlobal(channelId(), userId()), ...fields });

// [what, data string]: each must be refused whatever the form.
const malformed: [string, string][] = [
  ['bad JSON', '{"action":"AEC_LIVE_USER_ONLINE","channelId":'],
  ['not an object', '["AEC_LIVE_USER_ONLINE"]'],
  ['a bare number', '42'],
  ['null', 'null'],
  ['no action', JSON.stringify({ channelId: 'Wz@NWuVj8Tx5aa4a', userId: '1' })],
  ['action is a number', JSON.stringify({ action: 7, channelId: 'Wz@NWuVj8Tx5aa4a' })],
  ['action is an object', JSON.stringify({ action: { a: 1 } })],
  ['empty action', JSON.stringify({ action: '  ' })],
  ['missing channelId', JSON.stringify({ action: 'AEC_LIVE_USER_ONLINE', userId: '1' })],
  ['missing userId', JSON.stringify({ action: 'AEC_LIVE_APPLY_UPLOAD_CHANNEL', channelId: 'Wz@NWuVj8Tx5aa4a' })],
  ['channelId is an object', JSON.stringify({ action: 'AEC_LIVE_USER_ONLINE', channelId: { x: 1 }, userId: '1' })],
  ['channelId is an array', JSON.stringify({ action: 'AEC_LIVE_USER_ONLINE', channelId: ['a'], userId: '1' })],
  ['userId is a boolean', JSON.stringify({ action: 'AEC_LIVE_USER_ONLINE', channelId: 'Wz@NWuVj8Tx5aa4a', userId: true })],
  ['channelId with a control character', JSON.stringify({ action: 'AEC_LIVE_USER_ONLINE', channelId: 'a\u0000b', userId: '1' })],
  ['channelId far too long', JSON.stringify({ action: 'AEC_LIVE_USER_ONLINE', channelId: 'x'.repeat(5000), userId: '1' })],
  ['capacity not a number', JSON.stringify(create({ conCurrentNumber: 'many' }))],
  ['capacity negative', JSON.stringify(create({ conCurrentNumber: '-5' }))],
  ['capacity fractional', JSON.stringify(create({ conCurrentNumber: '1.5' }))],
  ['capacity huge', JSON.stringify(create({ conCurrentNumber: '99999999999999999999999' }))],
  ['capacity above the maximum', JSON.stringify(create({ conCurrentNumber: '501' }))],
  ['capacity as exponent', JSON.stringify(create({ conCurrentNumber: 1e300 }))],
  ['discharge huge', JSON.stringify({ ...aec.playing('Wz@NWuVj8Tx5aa4a', '1', 0), discharge: '1' + '0'.repeat(40) })],
  ['discharge negative', JSON.stringify({ ...aec.playing('Wz@NWuVj8Tx5aa4a', '1', 0), discharge: '-1' })],
  ['discharge missing', JSON.stringify({ action: 'AEC_LIVE_USER_PLAYING', channelId: 'Wz@NWuVj8Tx5aa4a', userId: '1' })],
  ['discharge NaN text', JSON.stringify({ ...aec.playing('Wz@NWuVj8Tx5aa4a', '1', 0), discharge: 'NaN' })],
  ['echostr missing', JSON.stringify({ action: 'AEC_ACCESS_VALIDATION' })],
  ['specify list missing', JSON.stringify(create({ action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY' }))],
  ['groupId missing on a group channel', JSON.stringify(create({ action: 'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC' }))],
  ['deeply nested', `{"action":"AEC_LIVE_USER_ONLINE","channelId":${'['.repeat(1500)}${']'.repeat(1500)},"userId":"1"}`],
  ['percent garbage', '%7B%ZZ%'],
];

describe.each(WIRE_FORMS)('malformed input sent as %s', (form) => {
  test.each(malformed)('%s -> HTTP 200 with a "0" the media server reads', async (_what, data) => {
    const raw = await sendData(t.callbackUrl, data, form);
    expect(raw.httpStatus).toBe(200);
    expectReadableDenial(raw.text);
  });
});

describe('requests without a usable data parameter', () => {
  const url = () => new URL('aec', t.callbackUrl);
  const cases: [string, () => Promise<Response>][] = [
    ['GET with no query', () => fetch(url())],
    ['GET with empty data', () => fetch(`${url()}?data=`)],
    ['GET with another parameter only', () => fetch(`${url()}?foo=bar`)],
    ['POST with an empty body', () => fetch(url(), { method: 'POST' })],
    ['POST form with empty data', () => fetch(url(), { method: 'POST', body: new URLSearchParams({ data: '' }) })],
    ['POST form without data', () => fetch(url(), { method: 'POST', body: new URLSearchParams({ x: '1' }) })],
    ['POST JSON that is not JSON', () => fetch(url(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{oops' })],
    ['POST JSON with an empty body', () => fetch(url(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' })],
    ['POST JSON array', () => fetch(url(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1,2]' })],
    ['POST plain text', () => fetch(url(), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' })],
    ['POST binary', () => fetch(url(), { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 1]) })],
    ['PUT with data', () => fetch(`${url()}?data=${encodeURIComponent('{"action":1}')}`, { method: 'PUT' })],
  ];
  test.each(cases)('%s -> HTTP 200 with a "0" the media server reads', async (_what, send) => {
    const res = await send();
    expect(res.status).toBe(200);
    expectReadableDenial(await res.text());
  });
});

describe('refusals are whole, coded and explained', () => {
  test('a refused create leaves no channel behind', async () => {
    const id = channelId();
    for (const bad of ['-1', 'x', '501', '1e3']) {
      const reply = await t.call({ ...aec.createGlobal(id, userId()), conCurrentNumber: bad });
      expect(reply).toEqual(denied('capacityOutOfRange'));
    }
    const rows = await t.get<ChannelRow[]>('/api/channels?includeDeleted=1');
    expect(rows.map((row) => row.id)).not.toContain(id);
  });

  test('missing arguments are refused with our code 10002 in the audit log, which says which field', async () => {
    const id = channelId();
    expect(await t.call({ action: 'AEC_LIVE_USER_ONLINE', channelId: id })).toEqual(denied('missingArgument'));
    const entries = await t.get<AuditEntry[]>(`/api/audit?channelId=${encodeURIComponent(id)}`);
    expect(entries[0]).toMatchObject({ action: 'AEC_LIVE_USER_ONLINE', decision: 'deny', code: 10002 });
    expect(entries[0]?.reason).toMatch(/userId/);
  });

  test('a bad PLAYING changes no byte count', async () => {
    const id = channelId();
    const owner = userId();
    await t.call(aec.createGlobal(id, owner));
    await t.call(aec.online(id, '9'));
    await t.call(aec.playing(id, '9', 100));
    for (const discharge of ['-100', '1.5', 'abc', '1'.repeat(30)]) {
      expect((await t.call(aec.playing(id, '9', discharge))).status).toBe('0');
    }
    const row = (await t.get<ChannelRow[]>('/api/channels')).find((r) => r.id === id);
    expect(row?.bytes).toBe(100);
  });

  test('the listener still answers normally after all that', async () => {
    expect(await t.call({ action: 'AEC_ACCESS_VALIDATION', echostr: 'alive' })).toEqual({ status: '1', data: 'alive' });
  });
});
