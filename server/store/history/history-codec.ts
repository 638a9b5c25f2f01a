// Compact JSON form of TrafficHistory for the snapshot: rows of numbers, not objects, and
// ids as array items (never object keys, so an id like "__proto__" is harmless).

import type { Counts, HistoryMaps, UserBucket } from './buckets';
import { rowsOf, type RowOf, type RowSpec } from '../rows';

/** bucket index, viewers, uploaders, bytes */
const COUNTS_ROW = ['number', 'number', 'number', 'number'] as const satisfies RowSpec;
/** bucket index, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt */
const USER_ROW = ['number', 'number', 'number', 'number', 'number'] as const satisfies RowSpec;
/** bucket index, bytes */
const TOTAL_ROW = ['number', 'number'] as const satisfies RowSpec;
export type CountsRow = RowOf<typeof COUNTS_ROW>;
export type UserRow = RowOf<typeof USER_ROW>;

export interface HistoryJSON {
  format: 1;
  /** [channelId, minute rows, hour rows] */
  channels: [string, CountsRow[], CountsRow[]][];
  /** [index, bytes] */
  globalMinutes: [number, number][];
  globalHours: [number, number][];
  /** [userId, hour rows, day rows] */
  users: [string, UserRow[], UserRow[]][];
}

const countsRows = (m: Map<number, Counts> | undefined): CountsRow[] =>
  m ? [...m].map(([i, c]) => [i, c.viewers, c.uploaders, c.bytes]) : [];
const userRows = (m: Map<number, UserBucket> | undefined): UserRow[] =>
  m ? [...m].map(([i, u]) => [i, u.bytesWatched, u.minutesWatched, u.minutesUploaded, u.lastSeenAt]) : [];

export function historyToJSON(h: HistoryMaps): HistoryJSON {
  const channelIds = new Set([...h.channelMinutes.keys(), ...h.channelHours.keys()]);
  const userIds = new Set([...h.userHours.keys(), ...h.userDays.keys()]);
  return {
    format: 1,
    channels: [...channelIds].map((id) => [id, countsRows(h.channelMinutes.get(id)), countsRows(h.channelHours.get(id))]),
    globalMinutes: [...h.globalMinutes],
    globalHours: [...h.globalHours],
    users: [...userIds].map((id) => [id, userRows(h.userHours.get(id)), userRows(h.userDays.get(id))]),
  };
}

const rows = (value: unknown, spec: RowSpec): number[][] => rowsOf(value, spec) as number[][];

function entries(value: unknown): [string, unknown, unknown][] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is [string, unknown, unknown] => Array.isArray(e) && e.length === 3 && typeof e[0] === 'string',
  );
}

/** Fills `into` from JSON made by historyToJSON; skips anything malformed. */
export function historyFromJSON(json: unknown, into: HistoryMaps): void {
  if (typeof json !== 'object' || json === null) return;
  const j = json as Record<string, unknown>;
  const toCounts = (r: number[]): Counts => ({ viewers: r[1]!, uploaders: r[2]!, bytes: r[3]! });
  const toUser = (r: number[]): UserBucket => ({
    bytesWatched: r[1]!,
    minutesWatched: r[2]!,
    minutesUploaded: r[3]!,
    lastSeenAt: r[4]!,
  });
  for (const [id, minutes, hours] of entries(j.channels)) {
    const m = new Map(rows(minutes, COUNTS_ROW).map((r) => [r[0]!, toCounts(r)]));
    const h = new Map(rows(hours, COUNTS_ROW).map((r) => [r[0]!, toCounts(r)]));
    if (m.size > 0) into.channelMinutes.set(id, m);
    if (h.size > 0) into.channelHours.set(id, h);
  }
  for (const r of rows(j.globalMinutes, TOTAL_ROW)) into.globalMinutes.set(r[0]!, r[1]!);
  for (const r of rows(j.globalHours, TOTAL_ROW)) into.globalHours.set(r[0]!, r[1]!);
  for (const [id, hours, days] of entries(j.users)) {
    const h = new Map(rows(hours, USER_ROW).map((r) => [r[0]!, toUser(r)]));
    const d = new Map(rows(days, USER_ROW).map((r) => [r[0]!, toUser(r)]));
    if (h.size > 0) into.userHours.set(id, h);
    if (d.size > 0) into.userDays.set(id, d);
  }
}
