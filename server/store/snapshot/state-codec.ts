// The live state as plain JSON for the snapshot file, and the check that a loaded one has that
// shape (a snapshot that fails it is moved aside like a corrupt file). Viewer sessions and user
// totals are written as chunks of packed columns (row-chunks.ts); files written before that hold
// one row per session and user, and are still read.

import type { Ban, Channel, State, Uploader, UserTotals, ViewerSession } from '../../domain/state';
import { emptyState, innerMap } from '../../domain/state';
import { areRows, type RowOf, type RowSpec } from '../rows';
import { familiesFromJson, familiesToJson, isFamiliesJson, type FamiliesJson } from './families-codec';
import { ROWS_PER_CHUNK, isChunk, isSessionChunk, isUserChunk, sessionChunk, sessionsOfChunk, userChunk, usersOfChunk, type SessionChunk, type UserChunk } from './row-chunks';

/** A viewer session as a row, in files written before chunks: channelId, userId, since,
 * lastReportAt, bytes, reports, lastReportTs, kicked. */
const SESSION_ROW = ['string', 'string', 'number', 'number', 'number', 'number', 'number?', 'bit'] as const satisfies RowSpec;
/** User totals as a row, in files written before chunks: userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt */
const USER_ROW = ['string', 'number', 'number', 'number', 'number'] as const satisfies RowSpec;
export type SessionRow = RowOf<typeof SESSION_ROW>;
export type UserRow = RowOf<typeof USER_ROW>;

/** The state as plain JSON, for the snapshot file. */
export interface StateJson {
  channels: Channel[];
  uploaders: Uploader[];
  /** Chunks; rows in files written before them (a file holds one kind or the other). */
  sessions: (SessionChunk | SessionRow)[];
  bans: Ban[];
  users: (UserChunk | UserRow)[];
  totals: State['totals'];
  /** [channelId\0userId, ts], oldest first. */
  endedReports?: [string, number][];
  families?: FamiliesJson;
}

/** Every viewer session, in the order the state holds them (a capture writes that order too). */
export function allSessions(state: State): ViewerSession[] {
  const sessions: ViewerSession[] = [];
  for (const byUser of state.sessions.values()) {
    for (const s of byUser.values()) sessions.push(s);
  }
  return sessions;
}

/** Rows cut into chunks of ROWS_PER_CHUNK, from the first: a capture cuts the same chunks. */
function inChunks<R, C>(rows: readonly R[], chunk: (rows: R[]) => C): C[] {
  const chunks: C[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) chunks.push(chunk(rows.slice(start, start + ROWS_PER_CHUNK)));
  return chunks;
}

export function stateToJson(state: State): StateJson {
  return {
    channels: [...state.channels.values()],
    uploaders: [...state.uploaders.values()].flatMap((inner) => [...inner.values()]),
    sessions: inChunks(allSessions(state), sessionChunk),
    bans: [...state.bans.values()],
    users: inChunks([...state.users.values()], userChunk),
    totals: { ...state.totals },
    endedReports: [...state.endedReports],
    families: familiesToJson(state),
  };
}

export function stateFromJson(json: StateJson): State {
  const state = emptyState();
  for (const channel of json.channels) state.channels.set(channel.id, { ...channel });
  for (const uploader of json.uploaders) innerMap(state.uploaders, uploader.channelId).set(uploader.userId, { ...uploader });
  for (const item of json.sessions) {
    for (const session of isChunk(item) ? (sessionsOfChunk(item) ?? malformed()) : [sessionOfRow(item as SessionRow)]) {
      innerMap(state.sessions, session.channelId).set(session.userId, session);
    }
  }
  for (const ban of json.bans) state.bans.set(ban.userId, { ...ban });
  for (const item of json.users) {
    for (const user of isChunk(item) ? (usersOfChunk(item) ?? malformed()) : [userOfRow(item as UserRow)]) state.users.set(user.userId, user);
  }
  state.totals = { ...json.totals };
  for (const [key, ts] of json.endedReports ?? []) state.endedReports.set(key, ts);
  familiesFromJson(json.families, state);
  return state;
}

/** Only reached for data that skipped isStateJson. */
function malformed(): never {
  throw new Error('The snapshot holds a malformed chunk of sessions or users.');
}

function sessionOfRow([channelId, userId, since, lastReportAt, bytes, reports, lastReportTs, kicked]: SessionRow): ViewerSession {
  const session: ViewerSession = { channelId, userId, since, lastReportAt, bytes, reports, kicked: kicked === 1 };
  if (lastReportTs !== null) session.lastReportTs = lastReportTs;
  return session;
}

function userOfRow([userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt]: UserRow): UserTotals {
  return { userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt };
}

/** All chunks (this format) or all rows (the one before), each well-formed. */
function isList(value: unknown, isGoodChunk: (item: unknown) => boolean, row: RowSpec): boolean {
  if (!Array.isArray(value)) return false;
  if (value.length === 0 || !isChunk(value[0])) return areRows(value, row);
  for (const item of value) if (!isGoodChunk(item)) return false;
  return true;
}

export function isStateJson(value: unknown): value is StateJson {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<StateJson>;
  return (
    [state.channels, state.uploaders, state.bans].every(Array.isArray) &&
    isList(state.sessions, isSessionChunk, SESSION_ROW) &&
    isList(state.users, isUserChunk, USER_ROW) &&
    typeof state.totals?.bytes === 'number' &&
    isFamiliesJson(state.families)
  );
}

