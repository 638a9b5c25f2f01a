// Traffic history, fed every applied change: per channel per minute (48 h) and per hour
// (90 days), per user per hour (48 h) and per UTC day (90 days), global bytes per minute and
// per hour. Sparse maps: memory follows the buckets that saw traffic. A clock that jumps back
// only lands a change in an older bucket.

import type { Change } from '../../domain/changes';
import { resolutionOf, type HistoryPoint, type HistoryRange, type TrafficReport, type UserRange, type UserTotalsRow } from '../../contract';
import type { Buckets, Counts, HistoryMaps, UserBucket } from './buckets';
import { historyFromJSON, historyToJSON, type HistoryJSON } from './history-codec';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;


export interface HistoryRetention {
  minuteHours?: number;
  hourDays?: number;
  userDays?: number;
  /** Per-user hourly buckets, used for the 1h / 24h user rankings. */
  userHourHours?: number;
}

function bucketIn<V>(outer: Map<string, Buckets<V>>, key: string, index: number, make: () => V): V {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  let bucket = inner.get(index);
  if (!bucket) inner.set(index, (bucket = make()));
  return bucket;
}

const zeroCounts = (): Counts => ({ viewers: 0, uploaders: 0, bytes: 0 });
const zeroUser = (): UserBucket => ({ bytesWatched: 0, minutesWatched: 0, minutesUploaded: 0, lastSeenAt: 0 });

/** Inclusive bucket window ending at `now`, and its bucket size. */
export function rangeWindow(range: HistoryRange, now: number): { from: number; to: number; size: number } {
  if (resolutionOf(range) === 'hour') {
    const to = Math.floor(now / HOUR_MS);
    return { from: to - (range === '7d' ? 167 : 23), to, size: HOUR_MS };
  }
  const to = Math.floor(now / MINUTE_MS);
  return { from: to - 59, to, size: MINUTE_MS };
}


function sumInWindow<V>(buckets: Buckets<V> | undefined, from: number, to: number, pick: (v: V) => number): number {
  let sum = 0;
  if (!buckets) return 0;
  for (const [index, value] of buckets) if (index >= from && index <= to) sum += pick(value);
  return sum;
}

function pruneBefore<V>(outer: Map<string, Buckets<V>>, oldest: number): void {
  for (const [key, inner] of outer) {
    for (const index of inner.keys()) if (index < oldest) inner.delete(index);
    if (inner.size === 0) outer.delete(key);
  }
}

function top<K extends string>(totals: Map<string, number>, n: number, key: K): ({ bytes: number } & Record<K, string>)[] {
  return [...totals]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(0, n))
    .map(([id, bytes]) => ({ [key]: id, bytes }) as { bytes: number } & Record<K, string>);
}

export class TrafficHistory implements HistoryMaps {
  /** channelId -> minute index -> counts */
  readonly channelMinutes = new Map<string, Buckets<Counts>>();
  readonly channelHours = new Map<string, Buckets<Counts>>();
  /** minute / hour index -> bytes, all channels */
  readonly globalMinutes = new Map<number, number>();
  readonly globalHours = new Map<number, number>();
  /** userId -> hour / day index -> totals */
  readonly userHours = new Map<string, Buckets<UserBucket>>();
  readonly userDays = new Map<string, Buckets<UserBucket>>();

  observe(change: Change): void {
    switch (change.op) {
      case 'viewerReport':
        this.addChannel(change.channelId, change.at, change.counted ? 1 : 0, 0, change.bytes);
        this.addUser(change.userId, change.at, change.bytes, change.counted ? 1 : 0, 0);
        return;
      case 'viewerEnd':
        this.addChannel(change.channelId, change.at, 0, 0, change.bytes);
        this.addUser(change.userId, change.at, change.bytes, 0, 0);
        return;
      case 'uploaderReport':
        this.addChannel(change.channelId, change.at, 0, change.counted ? 1 : 0, 0);
        this.addUser(change.userId, change.at, 0, 0, change.counted ? 1 : 0);
        return;
      default:
        return;
    }
  }

  private addChannel(channelId: string, at: number, viewers: number, uploaders: number, rawBytes: number): void {
    const bytes = Number.isFinite(rawBytes) && rawBytes > 0 ? rawBytes : 0;
    if (!Number.isFinite(at) || (viewers === 0 && uploaders === 0 && bytes === 0)) return;
    const minute = Math.floor(at / MINUTE_MS);
    const hour = Math.floor(at / HOUR_MS);
    // Hour buckets are rolled up as we go, so pruning minutes never loses anything.
    for (const bucket of [
      bucketIn(this.channelMinutes, channelId, minute, zeroCounts),
      bucketIn(this.channelHours, channelId, hour, zeroCounts),
    ]) {
      bucket.viewers += viewers;
      bucket.uploaders += uploaders;
      bucket.bytes += bytes;
    }
    if (bytes > 0) {
      this.globalMinutes.set(minute, (this.globalMinutes.get(minute) ?? 0) + bytes);
      this.globalHours.set(hour, (this.globalHours.get(hour) ?? 0) + bytes);
    }
  }

  private addUser(userId: string, at: number, rawBytes: number, watched: number, uploaded: number): void {
    if (!Number.isFinite(at)) return;
    const bytes = Number.isFinite(rawBytes) && rawBytes > 0 ? rawBytes : 0;
    for (const bucket of [
      bucketIn(this.userHours, userId, Math.floor(at / HOUR_MS), zeroUser),
      bucketIn(this.userDays, userId, Math.floor(at / DAY_MS), zeroUser),
    ]) {
      bucket.bytesWatched += bytes;
      bucket.minutesWatched += watched;
      bucket.minutesUploaded += uploaded;
      bucket.lastSeenAt = Math.max(bucket.lastSeenAt, at);
    }
  }

  /** One point per bucket of the range, zeros included, oldest first. */
  channelSeries(channelId: string, range: HistoryRange, now: number): HistoryPoint[] {
    const { from, to, size } = rangeWindow(range, now);
    const buckets = (size === HOUR_MS ? this.channelHours : this.channelMinutes).get(channelId);
    const points: HistoryPoint[] = [];
    for (let i = from; i <= to; i++) {
      const b = buckets?.get(i);
      points.push({ t: i * size, viewers: b?.viewers ?? 0, uploaders: b?.uploaders ?? 0, bytes: b?.bytes ?? 0 });
    }
    return points;
  }

  /** Bytes of all channels per bucket, zeros included, oldest first. */
  trafficSeries(range: HistoryRange, now: number): { t: number; bytes: number }[] {
    const { from, to, size } = rangeWindow(range, now);
    const buckets = size === HOUR_MS ? this.globalHours : this.globalMinutes;
    const series: { t: number; bytes: number }[] = [];
    for (let i = from; i <= to; i++) series.push({ t: i * size, bytes: buckets.get(i) ?? 0 });
    return series;
  }

  topChannels(range: HistoryRange, now: number, n: number): { channelId: string; bytes: number }[] {
    const { from, to, size } = rangeWindow(range, now);
    const totals = new Map<string, number>();
    for (const [channelId, buckets] of size === HOUR_MS ? this.channelHours : this.channelMinutes) {
      totals.set(channelId, sumInWindow(buckets, from, to, (b) => b.bytes));
    }
    return top(totals, n, 'channelId');
  }

  /** Users by bytes watched. 1h / 24h count whole hours (the current one included). */
  topUsers(range: HistoryRange, now: number, n: number): { userId: string; bytes: number }[] {
    const totals = new Map<string, number>();
    for (const row of this.userTotals(range, now)) totals.set(row.userId, row.bytesWatched);
    return top(totals, n, 'userId');
  }

  /**
   * Per-user totals over a range, most bytes first. 1h / 24h use hourly buckets (whole hours
   * touching the range), 7d / 30d / 90d whole UTC days, today included.
   */
  userTotals(range: UserRange, now: number): UserTotalsRow[] {
    let source: Map<string, Buckets<UserBucket>>;
    let from: number;
    let to: number;
    if (range === '1h' || range === '24h') {
      source = this.userHours;
      to = Math.floor(now / HOUR_MS);
      from = Math.floor((now - (range === '1h' ? 59 : 1439) * MINUTE_MS) / HOUR_MS);
    } else {
      source = this.userDays;
      to = Math.floor(now / DAY_MS);
      from = to - (range === '7d' ? 6 : range === '30d' ? 29 : 89);
    }
    const rows: UserTotalsRow[] = [];
    for (const [userId, buckets] of source) {
      const row: UserTotalsRow = { userId, bytesWatched: 0, minutesWatched: 0, minutesUploaded: 0, lastSeenAt: 0 };
      let seen = false;
      for (const [index, b] of buckets) {
        if (index < from || index > to) continue;
        seen = true;
        row.bytesWatched += b.bytesWatched;
        row.minutesWatched += b.minutesWatched;
        row.minutesUploaded += b.minutesUploaded;
        row.lastSeenAt = Math.max(row.lastSeenAt, b.lastSeenAt);
      }
      if (seen) rows.push(row);
    }
    return rows.sort((a, b) => b.bytesWatched - a.bytesWatched || (a.userId < b.userId ? -1 : 1));
  }

  trafficReport(range: HistoryRange, now: number, n = 10): TrafficReport {
    return {
      range,
      resolution: resolutionOf(range),
      series: this.trafficSeries(range, now),
      topChannels: this.topChannels(range, now, n),
      topUsers: this.topUsers(range, now, n),
    };
  }

  /** Bytes of a channel in minute `minute` (= Math.floor(epochMs / 60000)). */
  bytesInMinute(channelId: string, minute: number): number {
    return this.channelMinutes.get(channelId)?.get(minute)?.bytes ?? 0;
  }

  /** Drops buckets older than the retention (defaults: 48 h of minutes, 90 days of hours and days). */
  prune(now: number, retention: HistoryRetention = {}): void {
    const minuteHours = retention.minuteHours ?? 48;
    const hourDays = retention.hourDays ?? 90;
    const userDays = retention.userDays ?? 90;
    const userHourHours = retention.userHourHours ?? 48;
    const oldestMinute = Math.floor((now - minuteHours * HOUR_MS) / MINUTE_MS);
    const oldestHour = Math.floor((now - hourDays * DAY_MS) / HOUR_MS);
    pruneBefore(this.channelMinutes, oldestMinute);
    pruneBefore(this.channelHours, oldestHour);
    for (const minute of this.globalMinutes.keys()) if (minute < oldestMinute) this.globalMinutes.delete(minute);
    for (const hour of this.globalHours.keys()) if (hour < oldestHour) this.globalHours.delete(hour);
    pruneBefore(this.userHours, Math.floor((now - userHourHours * HOUR_MS) / HOUR_MS));
    pruneBefore(this.userDays, Math.floor((now - userDays * DAY_MS) / DAY_MS));
  }

  toJSON(): HistoryJSON {
    return historyToJSON(this);
  }

  /** Rebuilds from `toJSON()` output; malformed parts are skipped, never thrown on. */
  static fromJSON(json: unknown): TrafficHistory {
    const history = new TrafficHistory();
    historyFromJSON(json, history);
    return history;
  }
}
