// Minutes of one-to-one calls, per hour overall and per user per hour (48 h) and per UTC day
// (as long as the traffic history), fed every counted PLAYING. Both parties are credited.

import type { CallMinutesReport, UserRange } from '../../contract';
import type { Change } from '../../domain/changes';
import { rowsOf, type RowSpec } from '../rows';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** bucket index, minutes */
const MINUTES_ROW = ['number', 'number'] as const satisfies RowSpec;

export interface CallHistoryJSON {
  hours: [number, number][];
  /** [userId, hour rows, day rows] */
  users: [string, [number, number][], [number, number][]][];
}

type Buckets = Map<number, number>;

function add(buckets: Buckets, index: number, minutes: number): void {
  buckets.set(index, (buckets.get(index) ?? 0) + minutes);
}

function bucketsOf(outer: Map<string, Buckets>, key: string): Buckets {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}

export class CallHistory {
  readonly hours: Buckets = new Map();
  readonly userHours = new Map<string, Buckets>();
  readonly userDays = new Map<string, Buckets>();

  observe(change: Change): void {
    if (change.op !== 'callReport' || !change.counted || !Number.isFinite(change.at)) return;
    const hour = Math.floor(change.at / HOUR_MS);
    const day = Math.floor(change.at / DAY_MS);
    add(this.hours, hour, 1);
    for (const user of new Set([change.caller, change.callee])) {
      add(bucketsOf(this.userHours, user), hour, 1);
      add(bucketsOf(this.userDays, user), day, 1);
    }
  }

  /** Hourly call minutes over the range, zeros included, and the users with the most minutes. */
  report(range: UserRange, now: number, top = 10): CallMinutesReport {
    const to = Math.floor(now / HOUR_MS);
    const hours = range === '1h' ? 1 : range === '24h' ? 24 : range === '7d' ? 168 : range === '30d' ? 720 : 2160;
    const from = to - hours + 1;
    const points: CallMinutesReport['points'] = [];
    for (let i = from; i <= to; i++) points.push({ t: i * HOUR_MS, minutes: this.hours.get(i) ?? 0 });
    const useDays = hours > 48;
    const source = useDays ? this.userDays : this.userHours;
    const lo = useDays ? Math.floor((from * HOUR_MS) / DAY_MS) : from;
    const hi = useDays ? Math.floor(now / DAY_MS) : to;
    const users: CallMinutesReport['topUsers'] = [];
    for (const [userId, buckets] of source) {
      let minutes = 0;
      for (const [index, n] of buckets) if (index >= lo && index <= hi) minutes += n;
      if (minutes > 0) users.push({ userId, minutes });
    }
    users.sort((a, b) => b.minutes - a.minutes || (a.userId < b.userId ? -1 : 1));
    return { range, points, topUsers: users.slice(0, top) };
  }

  prune(now: number, keepDays: number): void {
    const oldestHour = Math.floor((now - keepDays * DAY_MS) / HOUR_MS);
    const oldestUserHour = Math.floor((now - 48 * HOUR_MS) / HOUR_MS);
    const oldestDay = Math.floor((now - keepDays * DAY_MS) / DAY_MS);
    for (const index of this.hours.keys()) if (index < oldestHour) this.hours.delete(index);
    for (const [outer, oldest] of [[this.userHours, oldestUserHour], [this.userDays, oldestDay]] as const) {
      for (const [user, buckets] of outer) {
        for (const index of buckets.keys()) if (index < oldest) buckets.delete(index);
        if (buckets.size === 0) outer.delete(user);
      }
    }
  }

  toJSON(): CallHistoryJSON {
    const users = new Set([...this.userHours.keys(), ...this.userDays.keys()]);
    return {
      hours: [...this.hours],
      users: [...users].map((user) => [user, [...(this.userHours.get(user) ?? [])], [...(this.userDays.get(user) ?? [])]]),
    };
  }

  /** Rebuilds from toJSON() output; malformed parts are skipped, never thrown on (absent: empty). */
  static fromJSON(json: unknown): CallHistory {
    const history = new CallHistory();
    if (typeof json !== 'object' || json === null) return history;
    const j = json as Partial<CallHistoryJSON>;
    for (const [index, minutes] of rowsOf(j.hours, MINUTES_ROW) as number[][]) history.hours.set(index!, minutes!);
    for (const entry of Array.isArray(j.users) ? j.users : []) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const [user, hourRows, dayRows] = entry as [string, unknown, unknown];
      for (const [index, minutes] of rowsOf(hourRows, MINUTES_ROW) as number[][]) bucketsOf(history.userHours, user).set(index!, minutes!);
      for (const [index, minutes] of rowsOf(dayRows, MINUTES_ROW) as number[][]) bucketsOf(history.userDays, user).set(index!, minutes!);
    }
    return history;
  }
}
