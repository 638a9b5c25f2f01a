// Every callback whose answer was sent survives a kill -9: a burst of answered callbacks,
// SIGKILL right after the last answer, a restart on the same data folder, and every channel,
// session and byte is there again.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelDetail, ChannelRow, Summary, TrafficReport } from '../../server/contract';
import { tempDataDir } from '../support/harness';
import { killServe, serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { aec, sendCallback, denied } from '../support/aec-client';

const CHANNELS = 12;
const VIEWERS_PER_CHANNEL = 12; // 12 creates + 144 ONLINE + 144 PLAYING = 300 answered callbacks
const CONCURRENCY = 24;
const TOKEN = 'durability-test-admin-token';

const running: ServeProcess[] = [];
let dir = '';
afterEach(async () => {
  for (const server of running.splice(0)) await stopServe(server);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the tasks with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < tasks.length) {
      const index = nextIndex++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const channelOf = (c: number) => `Wz@Kill_${String(c).padStart(2, '0')}-chan_`.slice(0, 16);
const viewerOf = (c: number, v: number) => `fan_${c}-${v}@x`;
/** Known, distinct discharges so a lost or doubled report shows in the sums. */
const dischargeOf = (c: number, v: number) => 100_000 * (c + 1) + 1_000 * v + 7;

function admin<T>(server: ServeProcess, path: string): Promise<T> {
  return fetch(new URL(path, server.adminUrl), { headers: { Authorization: `Bearer ${TOKEN}` } }).then(async (res) => {
    if (res.status !== 200) throw new Error(`${path} -> ${res.status}`);
    return (await res.json()) as T;
  });
}

describe('kill -9 after a burst of answered callbacks', () => {
  test('a restart on the same data folder finds every answered change', { timeout: 120_000 }, async () => {
    dir = await tempDataDir();
    const first = await startServe(serveArgs(dir, ['--admin-token', TOKEN]));
    running.push(first);

    const answers: string[] = [];
    const send = async (payload: Record<string, unknown>): Promise<void> => {
      const reply = await sendCallback(first.callbackUrl, payload, 'get');
      answers.push(reply.status);
      if (reply.status !== '1') throw new Error(`${String(payload.action)} refused: ${JSON.stringify(reply)}`);
    };
    const creates = Array.from({ length: CHANNELS }, (_, c) => () => send(aec.createGlobal(channelOf(c), `owner-${c}`, '0', `show ${c}`)));
    await pool(creates, CONCURRENCY);
    const reports: Record<string, unknown>[] = [];
    const viewers = Array.from({ length: CHANNELS * VIEWERS_PER_CHANNEL }, (_, i) => {
      const c = Math.floor(i / VIEWERS_PER_CHANNEL);
      const v = i % VIEWERS_PER_CHANNEL;
      const report = aec.playing(channelOf(c), viewerOf(c, v), dischargeOf(c, v));
      reports.push(report);
      return async () => {
        await send(aec.online(channelOf(c), viewerOf(c, v)));
        await send(report);
      };
    });
    await pool(viewers, CONCURRENCY);
    // The last answer is in: kill at once, before any snapshot timer could help.
    await killServe(first);
    running.splice(0);
    expect(answers).toHaveLength(CHANNELS + 2 * CHANNELS * VIEWERS_PER_CHANNEL);
    // No snapshot holds the burst yet: what comes back must come from the journal.
    const snapshot = await readFile(join(dir, 'state.json'), 'utf8').catch(() => '');
    expect(snapshot).not.toContain(viewerOf(CHANNELS - 1, VIEWERS_PER_CHANNEL - 1));

    const second = await startServe(serveArgs(dir, ['--admin-token', TOKEN]));
    running.push(second);
    let expectedTotal = 0;
    const rows = await admin<ChannelRow[]>(second, '/api/channels');
    expect(rows).toHaveLength(CHANNELS);
    for (let c = 0; c < CHANNELS; c += 1) {
      const detail = await admin<ChannelDetail>(second, `/api/channels/${encodeURIComponent(channelOf(c))}`);
      let channelBytes = 0;
      const sessions = new Map(detail.sessions.map((s) => [s.userId, s]));
      expect(sessions.size).toBe(VIEWERS_PER_CHANNEL);
      for (let v = 0; v < VIEWERS_PER_CHANNEL; v += 1) {
        expect(sessions.get(viewerOf(c, v)), `${viewerOf(c, v)} on ${channelOf(c)}`).toMatchObject({ bytes: dischargeOf(c, v), reports: 1 });
        channelBytes += dischargeOf(c, v);
      }
      expect(detail.channel).toMatchObject({ owner: `owner-${c}`, name: `show ${c}`, viewers: VIEWERS_PER_CHANNEL, bytes: channelBytes });
      expectedTotal += channelBytes;
    }
    const summary = await admin<Summary>(second, '/api/summary');
    expect(summary).toMatchObject({ viewers: CHANNELS * VIEWERS_PER_CHANNEL, bytesTotal: expectedTotal, channels: { total: CHANNELS } });
    const traffic = await admin<TrafficReport>(second, '/api/traffic?range=1h');
    expect(traffic.series.reduce((n, p) => n + p.bytes, 0)).toBe(expectedTotal);

    // A retry of an answered PLAYING (same ts) is still known as one; a new report counts.
    expect((await sendCallback(second.callbackUrl, reports[0]!, 'form')).status).toBe('1');
    expect((await sendCallback(second.callbackUrl, aec.playing(channelOf(0), viewerOf(0, 0), 1), 'form')).status).toBe('1');
    const after = await admin<ChannelDetail>(second, `/api/channels/${encodeURIComponent(channelOf(0))}`);
    expect(after.sessions.find((s) => s.userId === viewerOf(0, 0))?.bytes).toBe(dischargeOf(0, 0) + 1);
    expect(await stopServe(second)).toBe(0);
  });

  test('operator actions survive it too: capacity, kick, ban, delete, close', { timeout: 120_000 }, async () => {
    dir = await tempDataDir();
    const first = await startServe(serveArgs(dir, ['--admin-token', TOKEN]));
    running.push(first);
    const post = (path: string, body: unknown = {}) =>
      fetch(new URL(path, first.adminUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const [live, doomed] = ['Wz@Op_live-aaaaa', 'Wz@Op_doomed-bbb'];

    for (const step of [
      aec.createGlobal(live, 'owner', '0'),
      aec.applyUpload(live, 'owner'),
      aec.uploading(live, 'owner'),
      aec.online(live, 'fan-1'),
      aec.online(live, 'fan-2'),
      aec.playing(live, 'fan-1', 5000),
      aec.createGlobal(doomed, 'owner'),
    ]) {
      expect((await sendCallback(first.callbackUrl, step)).status).toBe('1');
    }
    expect((await post(`/api/channels/${encodeURIComponent(live)}/capacity`, { capacity: 40 })).status).toBe(200);
    expect((await post(`/api/channels/${encodeURIComponent(live)}/viewers/fan-2/kick`)).status).toBe(200);
    expect((await post('/api/bans', { userId: 'troll', durationSeconds: null, reason: 'abuse' })).status).toBe(201);
    expect((await post(`/api/channels/${encodeURIComponent(doomed)}/delete`)).status).toBe(200);
    expect((await post(`/api/channels/${encodeURIComponent(live)}/close`)).status).toBe(200);
    await killServe(first);
    running.splice(0);

    const second = await startServe(serveArgs(dir, ['--admin-token', TOKEN]));
    running.push(second);
    const rows = await admin<ChannelRow[]>(second, '/api/channels?includeDeleted=1');
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(live)).toMatchObject({ lifecycle: 'closing', capacity: 40, bytes: 5000, closedBy: 'operator' });
    expect(byId.get(doomed)).toMatchObject({ state: 'deleted' });
    const detail = await admin<ChannelDetail>(second, `/api/channels/${encodeURIComponent(live)}`);
    expect(detail.sessions.find((s) => s.userId === 'fan-2')?.state).toBe('kicked');
    expect(await admin<{ userId: string }[]>(second, '/api/bans')).toEqual([expect.objectContaining({ userId: 'troll', reason: 'abuse' })]);
    // What the media server is told now follows the restored decisions.
    expect(await sendCallback(second.callbackUrl, aec.online(doomed, 'fan-3'))).toEqual(denied('channelNotOpen'));
    expect(await sendCallback(second.callbackUrl, aec.uploading(live, 'owner'))).toEqual(denied('channelNotOpen'));
    expect((await admin<ChannelRow[]>(second, '/api/channels')).find((row) => row.id === live)?.state).toBe('closed');
  });
});
