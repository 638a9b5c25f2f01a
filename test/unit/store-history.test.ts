import { describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { TrafficHistory } from '../../server/store';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// 2025-06-15 12:00:30 UTC: mid-minute, so "now" falls inside the current bucket.
const NOW = Date.UTC(2025, 5, 15, 12, 0, 30);
const minuteOf = (t: number) => Math.floor(t / MIN);

const view = (channelId: string, userId: string, at: number, bytes: number, counted = true): Change => ({
  op: 'viewerReport',
  channelId,
  userId,
  at,
  bytes,
  counted,
});
const upload = (channelId: string, userId: string, at: number, counted = true): Change => ({
  op: 'uploaderReport',
  channelId,
  userId,
  at,
  counted,
});
const leave = (channelId: string, userId: string, at: number, bytes: number): Change => ({
  op: 'viewerEnd',
  channelId,
  userId,
  at,
  bytes,
  why: 'offline',
});

describe('traffic history buckets', () => {
  it('counts counted reports as viewers / uploaders and every byte of reports and ends', () => {
    const h = new TrafficHistory();
    h.observe(view('c1', 'alice', NOW, 1000));
    h.observe(view('c1', 'bob', NOW + 1000, 500));
    h.observe(view('c1', 'bob', NOW + 2000, 70, false)); // a retried duplicate: bytes, no viewer
    h.observe(leave('c1', 'alice', NOW + 3000, 30));
    h.observe(upload('c1', 'carol', NOW));
    h.observe(upload('c1', 'carol', NOW + 5000, false));
    h.observe({ op: 'liftBan', userId: 'alice', at: NOW }); // not traffic
    const last = h.channelSeries('c1', '1h', NOW).at(-1)!;
    expect(last).toEqual({ t: minuteOf(NOW) * MIN, viewers: 2, uploaders: 1, bytes: 1600 });
    expect(h.bytesInMinute('c1', minuteOf(NOW))).toBe(1600);
    expect(h.bytesInMinute('c1', minuteOf(NOW) - 1)).toBe(0);
  });

  it('returns continuous zero-filled series at minute resolution for 1h and hour for 24h / 7d', () => {
    const h = new TrafficHistory();
    h.observe(view('c1', 'alice', NOW - 10 * MIN, 100));
    h.observe(view('c1', 'alice', NOW - 2 * HOUR, 200));
    h.observe(view('c2', 'bob', NOW - 3 * DAY, 400));
    const hour = h.channelSeries('c1', '1h', NOW);
    expect(hour).toHaveLength(60);
    expect(hour.every((p, i) => i === 0 || p.t - hour[i - 1]!.t === MIN)).toBe(true);
    expect(hour.at(-1)!.t).toBe(minuteOf(NOW) * MIN);
    expect(hour.filter((p) => p.bytes > 0)).toEqual([{ t: minuteOf(NOW - 10 * MIN) * MIN, viewers: 1, uploaders: 0, bytes: 100 }]);
    const day = h.channelSeries('c1', '24h', NOW);
    expect(day).toHaveLength(24);
    expect(day.at(-1)!.t).toBe(Math.floor(NOW / HOUR) * HOUR);
    expect(day.reduce((s, p) => s + p.bytes, 0)).toBe(300);
    const week = h.channelSeries('c1', '7d', NOW);
    expect(week).toHaveLength(168);
    expect(week.at(-1)!.t).toBe(Math.floor(NOW / HOUR) * HOUR);
    expect(week.reduce((s, p) => s + p.bytes, 0)).toBe(300);
    expect(h.channelSeries('nobody', '1h', NOW).every((p) => p.bytes === 0 && p.viewers === 0)).toBe(true);
    expect(h.trafficSeries('7d', NOW).reduce((s, p) => s + p.bytes, 0)).toBe(700);
    expect(h.trafficSeries('1h', NOW).reduce((s, p) => s + p.bytes, 0)).toBe(100);
  });

  it('ranks channels and users by bytes in the range', () => {
    const h = new TrafficHistory();
    h.observe(view('c1', 'alice', NOW - 5 * MIN, 100));
    h.observe(view('c2', 'bob', NOW - 5 * MIN, 300));
    h.observe(view('c3', 'carol', NOW - 2 * DAY, 1000));
    expect(h.topChannels('1h', NOW, 10)).toEqual([
      { channelId: 'c2', bytes: 300 },
      { channelId: 'c1', bytes: 100 },
    ]);
    expect(h.topChannels('7d', NOW, 1)).toEqual([{ channelId: 'c3', bytes: 1000 }]);
    expect(h.topUsers('24h', NOW, 10)).toEqual([
      { userId: 'bob', bytes: 300 },
      { userId: 'alice', bytes: 100 },
    ]);
    expect(h.topUsers('7d', NOW, 10).map((u) => u.userId)).toEqual(['carol', 'bob', 'alice']);
  });

  it('totals per user over days: bytes, minutes watched and minutes uploaded', () => {
    const h = new TrafficHistory();
    for (let i = 0; i < 3; i++) h.observe(view('c1', 'alice', NOW - i * MIN, 10));
    h.observe(leave('c1', 'alice', NOW, 5));
    h.observe(upload('c1', 'alice', NOW - 20 * DAY));
    h.observe(upload('c1', 'alice', NOW - 20 * DAY + MIN));
    expect(h.userTotals('7d', NOW)).toEqual([
      { userId: 'alice', bytesWatched: 35, minutesWatched: 3, minutesUploaded: 0, lastSeenAt: NOW },
    ]);
    expect(h.userTotals('30d', NOW)[0]).toMatchObject({ bytesWatched: 35, minutesWatched: 3, minutesUploaded: 2 });
  });

  it('puts a change whose clock went back into its older bucket without disturbing the rest', () => {
    const h = new TrafficHistory();
    h.observe(view('c1', 'alice', NOW, 100));
    h.observe(view('c1', 'alice', NOW - 5 * MIN, 50)); // clock jumped back
    h.observe(view('c1', 'alice', NOW + 1000, 25));
    expect(h.bytesInMinute('c1', minuteOf(NOW))).toBe(125);
    expect(h.bytesInMinute('c1', minuteOf(NOW - 5 * MIN))).toBe(50);
    expect(h.channelSeries('c1', '1h', NOW).reduce((s, p) => s + p.viewers, 0)).toBe(3);
  });
});

describe('traffic history retention and persistence', () => {
  it('keeps minutes 48 h, hours 90 days, user days 90 days', () => {
    const h = new TrafficHistory();
    const old = NOW - 50 * HOUR;
    h.observe(view('c1', 'alice', old, 100));
    h.observe(view('c1', 'alice', NOW - 100 * DAY, 7));
    h.prune(NOW);
    expect(h.bytesInMinute('c1', minuteOf(old))).toBe(0);
    // The hourly roll-up still has it, so the week chart does.
    expect(h.channelSeries('c1', '7d', NOW).reduce((s, p) => s + p.bytes, 0)).toBe(100);
    expect(h.userTotals('90d', NOW)[0]!.bytesWatched).toBe(100);
    h.prune(NOW + 91 * DAY);
    expect(h.channelHours.size).toBe(0);
    expect(h.channelMinutes.size).toBe(0);
    expect(h.userDays.size).toBe(0);
    expect(h.globalHours.size).toBe(0);
  });

  it('round-trips through JSON (as in a snapshot) with the same answers', () => {
    const h = new TrafficHistory();
    h.observe(view('c1', 'alice', NOW - 3 * MIN, 100));
    h.observe(upload('c1', 'bob', NOW - 2 * HOUR));
    h.observe(view('__proto__', 'constructor', NOW - 2 * DAY, 40));
    const copy = TrafficHistory.fromJSON(JSON.parse(JSON.stringify(h)));
    for (const range of ['1h', '24h', '7d'] as const) {
      expect(copy.channelSeries('c1', range, NOW)).toEqual(h.channelSeries('c1', range, NOW));
      expect(copy.trafficReport(range, NOW)).toEqual(h.trafficReport(range, NOW));
    }
    expect(copy.userTotals('90d', NOW)).toEqual(h.userTotals('90d', NOW));
    expect(copy.topChannels('7d', NOW, 5)).toEqual([
      { channelId: 'c1', bytes: 100 },
      { channelId: '__proto__', bytes: 40 },
    ]);
    expect(TrafficHistory.fromJSON({ channels: 'nonsense' }).topChannels('7d', NOW, 5)).toEqual([]);
  });
});

describe('traffic history read from a snapshot', () => {
  it('loads after start; what it observes or prunes meanwhile comes out as if it had loaded first', async () => {
    const source = new TrafficHistory();
    for (let u = 0; u < 3000; u++) source.observe(view(`c${u % 5}`, `u${u}`, NOW - (u % 40) * HOUR, 10 + u));
    const json = JSON.parse(JSON.stringify(source)) as unknown;
    const meanwhile = (h: TrafficHistory): void => {
      h.observe(view('c1', 'u7', NOW, 1000));
      h.observe(view('c9', 'late', NOW - 30 * HOUR, 5));
      h.prune(NOW, { userHourHours: 24 });
      h.observe(view('c1', 'u8', NOW - 2 * DAY, 3));
    };
    const eager = TrafficHistory.fromJSON(json);
    eager.finishLoading();
    meanwhile(eager);
    const deferred = TrafficHistory.fromJSON(json);
    meanwhile(deferred);
    await deferred.whenLoaded();
    for (const range of ['24h', '7d', '90d'] as const) expect(deferred.userTotals(range, NOW)).toEqual(eager.userTotals(range, NOW));
    expect(deferred.trafficReport('7d', NOW)).toEqual(eager.trafficReport('7d', NOW));
    expect(JSON.parse(JSON.stringify(deferred))).toEqual(JSON.parse(JSON.stringify(eager)));
    // A reader before the load is done gets the whole history at once.
    const early = TrafficHistory.fromJSON(json);
    meanwhile(early);
    expect(early.userTotals('90d', NOW)).toEqual(eager.userTotals('90d', NOW));
  });
});
