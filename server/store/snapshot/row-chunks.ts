// Viewer sessions and user totals in the snapshot file as chunks of packed columns: a chunk
// holds a few thousand rows as their ids (JSON strings) and one base64 column per number
// (packed-column.ts). At 100,000 sessions one JSON array per row was a third of a second of
// JSON.parse at start and hundreds of thousands of short-lived arrays on every snapshot; a
// chunk is a dozen values. Chunks are tuples, so a list of them reads like a list of rows.

import type { UserTotals, ViewerSession } from '../../domain/state';
import { packColumn, unpackColumn, type PackedColumn } from '../history/packed-column';

/** Rows per chunk: one chunk is a slice of a snapshot's work, a millisecond or two. */
export const ROWS_PER_CHUNK = 2000;

/**
 * Sessions: the chunk's channel ids (each once), one user id per row, and the columns
 * channel (index into the channel ids), since, lastReportAt, bytes, reports, lastReportTs, flags.
 */
export type SessionChunk = [channelIds: string[], userIds: string[], columns: PackedColumn[]];
/** User totals: one user id per row, and the columns bytesWatched, minutesWatched, minutesUploaded, lastSeenAt. */
export type UserChunk = [userIds: string[], columns: PackedColumn[]];

const SESSION_COLUMNS = 7;
const USER_COLUMNS = 4;
/** Bits of a session's flags column. */
const KICKED = 1;
const HAS_TS = 2;

export function sessionChunk(rows: readonly ViewerSession[]): SessionChunk {
  const channelIds: string[] = [];
  const channelIndex = new Map<string, number>();
  const channel = new Uint32Array(rows.length);
  const userIds = new Array<string>(rows.length);
  // An absent lastReportTs is stored as a present one, so the column stays narrow.
  let filler = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let index = channelIndex.get(row.channelId);
    if (index === undefined) {
      index = channelIds.push(row.channelId) - 1;
      channelIndex.set(row.channelId, index);
    }
    channel[i] = index;
    userIds[i] = row.userId;
    if (row.lastReportTs !== undefined) filler = row.lastReportTs;
  }
  const n = rows.length;
  return [
    channelIds,
    userIds,
    [
      packColumn(n, (i) => channel[i]!),
      packColumn(n, (i) => rows[i]!.since),
      packColumn(n, (i) => rows[i]!.lastReportAt),
      packColumn(n, (i) => rows[i]!.bytes),
      packColumn(n, (i) => rows[i]!.reports),
      packColumn(n, (i) => rows[i]!.lastReportTs ?? filler),
      packColumn(n, (i) => (rows[i]!.kicked ? KICKED : 0) | (rows[i]!.lastReportTs !== undefined ? HAS_TS : 0)),
    ],
  ];
}

export function userChunk(rows: readonly UserTotals[]): UserChunk {
  const n = rows.length;
  return [
    rows.map((row) => row.userId),
    [
      packColumn(n, (i) => rows[i]!.bytesWatched),
      packColumn(n, (i) => rows[i]!.minutesWatched),
      packColumn(n, (i) => rows[i]!.minutesUploaded),
      packColumn(n, (i) => rows[i]!.lastSeenAt),
    ],
  ];
}

/** A chunk, not a row of the format written before chunks (a row starts with an id). */
export function isChunk(value: unknown): value is unknown[] {
  return Array.isArray(value) && Array.isArray(value[0]);
}

// The shape check on load decodes every chunk anyway; what it decoded is kept for the restore
// that follows, which takes it over (a second restore of the same data decodes afresh).
const checkedSessions = new WeakMap<object, ViewerSession[]>();
const checkedUsers = new WeakMap<object, UserTotals[]>();

export function isSessionChunk(value: unknown): boolean {
  const rows = decodeSessions(value);
  if (rows) checkedSessions.set(value as object, rows);
  return rows !== null;
}

export function isUserChunk(value: unknown): boolean {
  const rows = decodeUsers(value);
  if (rows) checkedUsers.set(value as object, rows);
  return rows !== null;
}

/** The rows of a session chunk, or null when anything in it is malformed. */
export function sessionsOfChunk(value: unknown): ViewerSession[] | null {
  return take(checkedSessions, value) ?? decodeSessions(value);
}

/** The rows of a user chunk, or null when anything in it is malformed. */
export function usersOfChunk(value: unknown): UserTotals[] | null {
  return take(checkedUsers, value) ?? decodeUsers(value);
}

function take<R>(checked: WeakMap<object, R>, value: unknown): R | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const rows = checked.get(value);
  checked.delete(value);
  return rows;
}

function decodeSessions(value: unknown): ViewerSession[] | null {
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [channelIds, userIds, packed] = value as unknown[];
  if (!areStrings(channelIds) || !areStrings(userIds)) return null;
  const columns = unpackAll(packed, SESSION_COLUMNS, userIds.length);
  if (!columns) return null;
  const [channel, since, lastReportAt, bytes, reports, lastReportTs, flags] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const sessions = new Array<ViewerSession>(userIds.length);
  for (let i = 0; i < userIds.length; i++) {
    const channelId = channelIds[channel[i]!];
    const flag = flags[i]!;
    if (channelId === undefined || !Number.isInteger(flag) || flag < 0 || flag > (KICKED | HAS_TS)) return null;
    const userId = userIds[i]!;
    const kicked = (flag & KICKED) !== 0;
    // One literal per shape: a field added afterwards would cost each of 100,000 objects a second allocation.
    sessions[i] =
      flag & HAS_TS
        ? { channelId, userId, since: since[i]!, lastReportAt: lastReportAt[i]!, bytes: bytes[i]!, reports: reports[i]!, kicked, lastReportTs: lastReportTs[i]! }
        : { channelId, userId, since: since[i]!, lastReportAt: lastReportAt[i]!, bytes: bytes[i]!, reports: reports[i]!, kicked };
  }
  return sessions;
}

function decodeUsers(value: unknown): UserTotals[] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [userIds, packed] = value as unknown[];
  if (!areStrings(userIds)) return null;
  const columns = unpackAll(packed, USER_COLUMNS, userIds.length);
  if (!columns) return null;
  const [bytesWatched, minutesWatched, minutesUploaded, lastSeenAt] = columns as [Float64Array, Float64Array, Float64Array, Float64Array];
  const users = new Array<UserTotals>(userIds.length);
  for (let i = 0; i < userIds.length; i++) {
    users[i] = { userId: userIds[i]!, bytesWatched: bytesWatched[i]!, minutesWatched: minutesWatched[i]!, minutesUploaded: minutesUploaded[i]!, lastSeenAt: lastSeenAt[i]! };
  }
  return users;
}

function areStrings(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

function unpackAll(value: unknown, width: number, count: number): Float64Array[] | null {
  if (!Array.isArray(value) || value.length !== width) return null;
  const columns: Float64Array[] = [];
  for (const column of value) {
    const values = unpackColumn(column, count);
    if (!values) return null;
    columns.push(values);
  }
  return columns;
}
