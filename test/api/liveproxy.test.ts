// Pulled (LIVEPROXY) channels: an operator close or delete also calls liveProxyServer's
// /close and /delete at once, when its address is set; a failure is shown, never fatal.

import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionResult, AuditEntry } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { channelId } from '../support/aec-client';

let t: Harness;
let proxy: Server;
let proxyUrl = '';
const calls: string[] = [];
let answerStatus = 200;

beforeAll(async () => {
  proxy = createServer((req, res) => {
    calls.push(req.url ?? '');
    res.statusCode = answerStatus;
    res.end(answerStatus === 200 ? 'ok' : 'no such channel');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
  await new Promise((resolve) => proxy.close(resolve));
});

async function pulledChannel(): Promise<string> {
  const id = channelId();
  expect(await t.call({ action: 'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC', roomId: 'a4aDZfdwsWuTLFkD', channelId: id, conCurrentNumber: '100' })).toMatchObject({ status: '1' });
  expect(await t.call({ action: 'AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL', channelId: id })).toMatchObject({ status: '1' });
  return id;
}
const setProxy = (url: string | null) =>
  t.admin('/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ liveProxyServer: url }) });

describe('liveProxyServer calls', () => {
  test('without an address nothing is called and the close still works', async () => {
    const id = await pulledChannel();
    const result = (await (await t.post(`/api/channels/${encodeURIComponent(id)}/close`)).json()) as ActionResult;
    expect(result.proxy).toBeUndefined();
    expect(result.channel.lifecycle).not.toBe('open');
    expect(calls).toEqual([]);
  });

  test('close and delete call /close and /delete with the channel id', async () => {
    expect((await setProxy(proxyUrl)).status).toBe(200);
    const id = await pulledChannel();
    const closed = (await (await t.post(`/api/channels/${encodeURIComponent(id)}/close`)).json()) as ActionResult;
    expect(closed.proxy).toMatchObject({ ok: true });
    const deleted = (await (await t.post(`/api/channels/${encodeURIComponent(id)}/delete`)).json()) as ActionResult;
    expect(deleted.proxy).toMatchObject({ ok: true });
    expect(calls.map((url) => new URL(url, proxyUrl))).toEqual([
      expect.objectContaining({ pathname: '/close' }),
      expect.objectContaining({ pathname: '/delete' }),
    ]);
    expect(calls.map((url) => new URL(url, proxyUrl).searchParams.get('channelId'))).toEqual([id, id]);
  });

  test('a refusal or an unreachable proxy is reported and recorded, never fatal', async () => {
    answerStatus = 404;
    const refused = await pulledChannel();
    const res = await t.post(`/api/channels/${encodeURIComponent(refused)}/close`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ActionResult).proxy).toMatchObject({ ok: false, message: expect.stringMatching(/404/) });

    await setProxy('http://127.0.0.1:9'); // discard port: nothing listens
    const unreachable = await pulledChannel();
    const down = (await (await t.post(`/api/channels/${encodeURIComponent(unreachable)}/delete`)).json()) as ActionResult;
    expect(down.proxy).toMatchObject({ ok: false });
    expect(down.channel.state).toBe('deleted');
    const audit = await t.get<AuditEntry[]>(`/api/audit?channelId=${encodeURIComponent(unreachable)}&decision=error`);
    expect(audit[0]?.action).toBe('operator:liveproxy:delete');
  });
});
