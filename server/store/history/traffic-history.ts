// Traffic history, fed every applied change: per channel per minute (48 h) and per hour
// (90 days), per user per hour (48 h) and per UTC day (90 days), global bytes per minute and
// per hour. Sparse tables (bucket-table.ts): memory follows the buckets that saw traffic. A clock that jumps back
// only lands a change in an older bucket.

import type { Change } from '../../domain/changes';
import { resolutionOf, type HistoryPoint, type HistoryRange, type TrafficReport, type UserRange, type UserTotalsRow } from '../../contract';
import type { HistoryMaps } from './buckets';
import { BucketTable } from './bucket-table';
import { KeySpace } from './key-space';
import { addCountAt, addSumAt, keepLatestAt, layoutOf, type TableSchema } from './bucket-columns';
import { historyLoadSteps, historyToJSON, type HistoryJSON } from './history-codec';
import { DeferredLoad } from './deferred-load';
import { JsonText } from '../json-text';

/** What is asked of a history still loading, done in order once it is loaded. */
type Deferred = { kind: 'observe'; change: Change } | { kind: 'prune'; now: number; retention: HistoryRetention };

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

/** Columns of a channel bucket and of a user bucket. */
const VIEWERS = 0;
const UPLOADERS = 1;
const BYTES = 2;
const WATCHED_BYTES = 0;
const WATCHED = 1;
const UPLOADED = 2;
const LAST_SEEN = 3;
/** viewers, uploaders, bytes; bytes watched, minutes watched, minutes uploaded, last seen. */
const channelSchema = (bucketMs: number): TableSchema => ({ columns: ['count', 'count', 'sum'], bucketMs });
const userSchema = (bucketMs: number): TableSchema => ({ columns: ['sum', 'count', 'count', 'latest'], bucketMs });
/** Word offsets of those columns in a row, for the hot path's writes. */
const [AT_VIEWERS, AT_UPLOADERS, AT_BYTES] = layoutOf(channelSchema(HOUR_MS)).offsets as [number, number, number];
const [AT_WATCHED_BYTES, AT_WATCHED, AT_UPLOADED, AT_LAST_SEEN] = layoutOf(userSchema(HOUR_MS)).offsets as [number, number, number, number];
/** Minute numbers fit an Int32 until the year 6053; a time past that has no bucket. */
const LAST_MINUTE = 2 ** 31 - 1;

function inRange(at: number): boolean {
  return Number.isFinite(at) && at >= 0 && at / MINUTE_MS < LAST_MINUTE;
}

/** Inclusive bucket window ending at `now`, and its bucket size. */
export function rangeWindow(range: HistoryRange, now: number): { from: number; to: number; size: number } {
  if (resolutionOf(range) === 'hour') {
    const to = Math.floor(now / HOUR_MS);
    return { from: to - (range === '7d' ? 167 : 23), to, size: HOUR_MS };
  }
  const to = Math.floor(now / MINUTE_MS);
  return { from: to - 59, to, size: MINUTE_MS };
}


function top<K extends string>(totals: Map<string, number>, n: number, key: K): ({ bytes: number } & Record<K, string>)[] {
  return [...totals]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(0, n))
    .map(([id, bytes]) => ({ [key]: id, bytes }) as { bytes: number } & Record<K, string>);
}

function addCounts(table: BucketTable, ordinal: number, index: number, viewers: number, uploaders: number, bytes: number): void {
  const { values, base } = table.bucketOf(ordinal, index);
  addCountAt(values, base + AT_VIEWERS, viewers);
  addCountAt(values, base + AT_UPLOADERS, uploaders);
  addSumAt(values, base + AT_BYTES, bytes);
}

function addUsage(table: BucketTable, ordinal: number, index: number, at: number, bytes: number, watched: number, uploaded: number): void {
  const { values, base } = table.bucketOf(ordinal, index);
  addSumAt(values, base + AT_WATCHED_BYTES, bytes);
  addCountAt(values, base + AT_WATCHED, watched);
  addCountAt(values, base + AT_UPLOADED, uploaded);
  keepLatestAt(table.schema, values, base + AT_LAST_SEEN, index, at);
}

export class TrafficHistory implements HistoryMaps {
  /** Each pair of tables shares its keys: one lookup per report, one copy of each id. */
  private readonly channelKeys = new KeySpace();
  private readonly userKeys = new KeySpace();
  /** channelId -> minute / hour index -> viewers, uploaders, bytes */
  readonly channelMinutes = new BucketTable(channelSchema(MINUTE_MS), this.channelKeys);
  readonly channelHours = new BucketTable(channelSchema(HOUR_MS), this.channelKeys);
  /** minute / hour index -> bytes, all channels */
  readonly globalMinutes = new Map<number, number>();
  readonly globalHours = new Map<number, number>();
  /** userId -> hour / day index -> bytes watched, minutes watched, minutes uploaded, last seen */
  readonly userHours = new BucketTable(userSchema(HOUR_MS), this.userKeys);
  readonly userDays = new BucketTable(userSchema(DAY_MS), this.userKeys);

  /** Set while a snapshot's history is still being loaded (fromJSON). */
  private load: DeferredLoad<Deferred> | null = null;
  /**
   * Why part of a snapshot's history could not be read (its text was damaged), with that text;
   * what came before the damage is loaded. Null when it all loaded.
   */
  unreadable: { reason: string; text: JsonText } | null = null;

  observe(change: Change): void {
    if (this.load?.pending) this.load.defer({ kind: 'observe', change });
    else this.apply(change);
  }

  /** Resolves once a history read from a snapshot is wholly loaded (at once for a new one). */
  whenLoaded(): Promise<void> {
    return this.load?.whenLoaded() ?? Promise.resolve();
  }

  /** Finishes loading now (a reader, or a snapshot, needs the whole history). */
  finishLoading(): void {
    this.load?.finish();
  }

  private loaded(): this {
    this.finishLoading();
    return this;
  }

  private apply(change: Change): void {
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
    if (!inRange(at) || (viewers === 0 && uploaders === 0 && bytes === 0)) return;
    const minute = Math.floor(at / MINUTE_MS);
    const hour = Math.floor(at / HOUR_MS);
    // Hour buckets are rolled up as we go, so pruning minutes never loses anything.
    const ordinal = this.channelKeys.ordinalOf(channelId);
    addCounts(this.channelMinutes, ordinal, minute, viewers, uploaders, bytes);
    addCounts(this.channelHours, ordinal, hour, viewers, uploaders, bytes);
    if (bytes > 0) {
      this.globalMinutes.set(minute, (this.globalMinutes.get(minute) ?? 0) + bytes);
      this.globalHours.set(hour, (this.globalHours.get(hour) ?? 0) + bytes);
    }
  }

  private addUser(userId: string, at: number, rawBytes: number, watched: number, uploaded: number): void {
    if (!inRange(at)) return;
    const bytes = Number.isFinite(rawBytes) && rawBytes > 0 ? rawBytes : 0;
    const ordinal = this.userKeys.ordinalOf(userId);
    addUsage(this.userHours, ordinal, Math.floor(at / HOUR_MS), at, bytes, watched, uploaded);
    addUsage(this.userDays, ordinal, Math.floor(at / DAY_MS), at, bytes, watched, uploaded);
  }

  /** One point per bucket of the range, zeros included, oldest first. */
  channelSeries(channelId: string, range: HistoryRange, now: number): HistoryPoint[] {
    this.loaded();
    const { from, to, size } = rangeWindow(range, now);
    const table = size === HOUR_MS ? this.channelHours : this.channelMinutes;
    const points: HistoryPoint[] = [];
    for (let i = from; i <= to; i++) points.push({ t: i * size, viewers: 0, uploaders: 0, bytes: 0 });
    table.rowsOf(channelId, from, to, (index, page, base) => {
      const point = points[index - from]!;
      point.viewers = table.valueAt(page, base, VIEWERS);
      point.uploaders = table.valueAt(page, base, UPLOADERS);
      point.bytes = table.valueAt(page, base, BYTES);
    });
    return points;
  }

  /** Bytes of all channels per bucket, zeros included, oldest first. */
  trafficSeries(range: HistoryRange, now: number): { t: number; bytes: number }[] {
    this.loaded();
    const { from, to, size } = rangeWindow(range, now);
    const buckets = size === HOUR_MS ? this.globalHours : this.globalMinutes;
    const series: { t: number; bytes: number }[] = [];
    for (let i = from; i <= to; i++) series.push({ t: i * size, bytes: buckets.get(i) ?? 0 });
    return series;
  }

  topChannels(range: HistoryRange, now: number, n: number): { channelId: string; bytes: number }[] {
    this.loaded();
    const { from, to, size } = rangeWindow(range, now);
    const totals = new Map<string, number>();
    const table = size === HOUR_MS ? this.channelHours : this.channelMinutes;
    table.forEachKey((channelId, ordinal) => {
      let bytes = 0;
      table.rows(ordinal, from, to, (_i, page, base) => (bytes += table.valueAt(page, base, BYTES)));
      totals.set(channelId, bytes);
    });
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
    this.loaded();
    let source: BucketTable;
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
    source.forEachKey((userId, ordinal) => {
      const row: UserTotalsRow = { userId, bytesWatched: 0, minutesWatched: 0, minutesUploaded: 0, lastSeenAt: 0 };
      let seen = false;
      source.rows(ordinal, from, to, (_i, page, base) => {
        seen = true;
        row.bytesWatched += source.valueAt(page, base, WATCHED_BYTES);
        row.minutesWatched += source.valueAt(page, base, WATCHED);
        row.minutesUploaded += source.valueAt(page, base, UPLOADED);
        row.lastSeenAt = Math.max(row.lastSeenAt, source.valueAt(page, base, LAST_SEEN));
      });
      if (seen) rows.push(row);
    });
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
    this.loaded();
    return this.channelMinutes.get(channelId, minute, BYTES) ?? 0;
  }

  /** Drops buckets older than the retention (defaults: 48 h of minutes, 90 days of hours and days). */
  prune(now: number, retention: HistoryRetention = {}): void {
    if (this.load?.pending) this.load.defer({ kind: 'prune', now, retention });
    else this.pruneNow(now, retention);
  }

  private pruneNow(now: number, retention: HistoryRetention): void {
    const minuteHours = retention.minuteHours ?? 48;
    const hourDays = retention.hourDays ?? 90;
    const userDays = retention.userDays ?? 90;
    const userHourHours = retention.userHourHours ?? 48;
    const oldestMinute = Math.floor((now - minuteHours * HOUR_MS) / MINUTE_MS);
    const oldestHour = Math.floor((now - hourDays * DAY_MS) / HOUR_MS);
    this.channelMinutes.prune(oldestMinute);
    this.channelHours.prune(oldestHour);
    for (const minute of this.globalMinutes.keys()) if (minute < oldestMinute) this.globalMinutes.delete(minute);
    for (const hour of this.globalHours.keys()) if (hour < oldestHour) this.globalHours.delete(hour);
    this.userHours.prune(Math.floor((now - userHourHours * HOUR_MS) / HOUR_MS));
    this.userDays.prune(Math.floor((now - userDays * DAY_MS) / DAY_MS));
  }

  /** historyLoadSteps, stopping at damaged text (deferred history is parsed only now) instead of throwing. */
  private *readingSteps(json: unknown): Generator<void> {
    try {
      yield* historyLoadSteps(json, this);
    } catch (error) {
      if (!(json instanceof JsonText)) throw error;
      this.unreadable = { reason: error instanceof Error ? error.message : String(error), text: json };
    }
  }

  toJSON(): HistoryJSON {
    return historyToJSON(this.loaded());
  }

  /** Rebuilds from `toJSON()` output; malformed parts are skipped, never thrown on. */
  static fromJSON(json: unknown): TrafficHistory {
    const history = new TrafficHistory();
    const steps = history.readingSteps(json);
    // The global totals now (the summary reads them directly), the tables after start.
    if (steps.next().done) return history;
    history.load = new DeferredLoad<Deferred>(steps, (op) => (op.kind === 'observe' ? history.apply(op.change) : history.pruneNow(op.now, op.retention)));
    return history;
  }
}
