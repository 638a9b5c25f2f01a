// Forward mode, crash safety: teardowns answered by fallback while the eventCenter was down are
// on disk as soon as they are answered. A kill -9 before they could be replayed loses none: the
// next start sends every one of them, in the order they were answered.

import { rm } from 'node:fs/promises';
import { afterAll, expect, test } from 'vitest';
import { startReferenceUpstream, type ReferenceUpstream } from '../../server/simulator/reference-upstream';
import { formBody } from '../../server/simulator/wire';
import { aec, dataOf, sendData } from '../support/aec-client';
import { eventually } from '../support/forward';
import { tempDataDir } from '../support/harness';
import { killServe, serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';

const servers: ServeProcess[] = [];
let up: ReferenceUpstream | undefined;
let dir: string | undefined;
afterAll(async () => {
  for (const server of servers) await killServe(server);
  await up?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('kill -9 with teardowns waiting for the eventCenter: after the restart every one reaches it, in order', { timeout: 120_000 }, async () => {
  up = await startReferenceUpstream();
  await up.close(); // down from the start: every teardown is answered by fallback
  dir = await tempDataDir('aec-forward-kill-');
  const args = serveArgs(dir, ['--upstream-aec', up.url, '--upstream-timeout-ms', '300']);
  const first = await startServe(args);
  servers.push(first);

  const bodies: string[] = [];
  for (let i = 0; i < 40; i += 1) {
    const payload = i % 2 === 0 ? aec.offline(`ch-${i % 5}`, `viewer-${i}`, 1000 + i) : { action: 'AEC_VOIP_USER_HANGUP', userId: `caller-${i}`, userId2: `callee-${i}`, hangupUserId: `caller-${i}` };
    const data = dataOf(payload, 'starrtc');
    const reply = await sendData(first.callbackUrl, data);
    expect(JSON.parse(reply.text)).toEqual({ status: '1', data: 'ok' });
    bodies.push(formBody(data));
  }
  await killServe(first);

  await up.reopen();
  const second = await startServe(args);
  servers.push(second);
  await eventually(() => new Set(up!.received.map((r) => r.body)).size === bodies.length, 30_000);
  // At least once, and in the order answered: the first time each one arrives follows that order.
  const firstSeen = [...new Set(up.received.map((r) => r.body))];
  expect(firstSeen).toEqual(bodies);
  expect(await stopServe(second)).toBe(0);
});
