// The 2.9.6 form POST is answered on the fast lane, every other request by the Koa app. Both
// must answer the same request the same way: the same bodies are sent to one server with their
// length announced (the fast lane) and to another chunked (the Koa app), and the replies and
// audit entries compared.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/contract';
import { Action } from '../../server/contract';
import { buildData, formBody, phpUrlencode } from '../../server/simulator/wire';
import { rawRequest } from '../support/raw-http';
import { startHarness, type Harness } from '../support/harness';

const FORM = 'application/x-www-form-urlencoded';
const online = (userId: string) => buildData(Action.AEC_LIVE_USER_ONLINE, 1764600000, { userId, channelId: 'lane-ch', time: 1764600000 });
const playing = (userId: string, discharge: string) =>
  buildData(Action.AEC_LIVE_USER_PLAYING, 1764600060, { userId, channelId: 'lane-ch', time: 1764600060, discharge });

/** Form bodies as a media server, a tool or a broken client might send them. */
const BODIES: { name: string; body: string; type?: string }[] = [
  { name: 'a signed create', body: formBody(buildData(Action.AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC, 1764600000, { userId: 'owner', channelId: 'lane-ch', conCurrentNumber: 10 })) },
  { name: 'a signed join', body: formBody(online('v1')) },
  { name: 'a signed report', body: formBody(playing('v1', '1000')) },
  { name: 'no sign', body: `data=${phpUrlencode(online('v2'))}` },
  { name: 'a wrong sign', body: `data=${phpUrlencode(online('v3'))}&sign=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D` },
  { name: 'a charset', body: formBody(online('v4')), type: `${FORM}; charset=UTF-8` },
  { name: 'a broken percent escape', body: `data=${phpUrlencode(online('v5'))}%E0%A4%A` },
  { name: 'data twice', body: `data=${phpUrlencode(online('v6'))}&data=${phpUrlencode(online('v7'))}` },
  { name: 'spaces as +', body: `data=${phpUrlencode(playing('v1', '2000')).replace(/%20/g, '+')}` },
  { name: 'an empty data', body: 'data=&sign=x' },
  { name: 'no data', body: 'sign=x&other=1' },
  { name: 'not JSON', body: 'data=%7Bnot+json' },
  { name: 'an unknown action', body: `data=${phpUrlencode('{"action":"AEC_SOMETHING_NEW","userId":"u"}')}` },
  { name: 'a bad discharge', body: formBody(playing('v1', '-5')) },
  { name: 'a key reaching the prototype', body: `__proto__=1&constructor=2&data=${phpUrlencode(online('v8'))}` },
];

let lane: Harness;
let koa: Harness;

beforeAll(async () => {
  [lane, koa] = await Promise.all([startHarness(), startHarness()]);
});
afterAll(async () => {
  await Promise.all([lane?.stop(), koa?.stop()]);
});

async function sendAll(t: Harness, chunked: boolean): Promise<{ status: number; type: unknown; body: string }[]> {
  const replies = [];
  for (const { body, type } of BODIES) {
    const headers: Record<string, string> = { 'Content-Type': type ?? FORM };
    if (chunked) headers['Transfer-Encoding'] = 'chunked';
    else headers['Content-Length'] = String(Buffer.byteLength(body));
    const reply = await rawRequest(new URL('/aec', t.callbackUrl).href, { method: 'POST', headers, body });
    replies.push({ status: reply.status, type: reply.headers['content-type'], body: reply.body });
  }
  return replies;
}

const decisions = async (t: Harness) =>
  (await t.get<AuditEntry[]>('/api/audit?limit=100')).map(({ action, channelId, userId, decision, code, reason, raw }) => ({ action, channelId, userId, decision, code, reason, raw }));

describe('the fast lane and the Koa app', () => {
  it('answer every form body alike, and audit it alike', async () => {
    const fast = await sendAll(lane, false);
    const slow = await sendAll(koa, true);
    expect(fast).toStrictEqual(slow);
    expect(fast.filter((r) => r.body.startsWith('{"status":"1"')).length).toBeGreaterThan(3);
    expect(fast.every((r) => r.status === 200 && r.type === 'application/json; charset=utf-8')).toBe(true);
    expect(await decisions(lane)).toStrictEqual(await decisions(koa));
  });

  it('leaves a body over the limit to the Koa app: HTTP 413', async () => {
    const body = `data=${'x'.repeat(300 * 1024)}`;
    const reply = await rawRequest(new URL('/aec', lane.callbackUrl).href, { method: 'POST', headers: { 'Content-Type': FORM, 'Content-Length': String(body.length) }, body });
    expect(reply.status).toBe(413);
  });
});
