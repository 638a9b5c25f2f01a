// The live state as plain JSON for the snapshot file, and the check that a loaded one has that
// shape (a snapshot that fails it is moved aside like a corrupt file).

import type { Ban, Channel, State, Uploader, UserTotals, ViewerSession } from '../../domain/state';
import { emptyState, innerMap } from '../../domain/state';
import { areRows, type RowOf, type RowSpec } from '../rows';
import { familiesFromJson, familiesToJson, isFamiliesJson, type FamiliesJson } from './families-codec';

/** A viewer session: channelId, userId, since, lastReportAt, bytes, reports, lastReportTs, kicked.
 * Sessions are most of the snapshot, and keys would double its size. */
const SESSION_ROW = ['string', 'string', 'number', 'number', 'number', 'number', 'number?', 'bit'] as const satisfies RowSpec;
/** userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt */
const USER_ROW = ['string', 'number', 'number', 'number', 'number'] as const satisfies RowSpec;
export type SessionRow = RowOf<typeof SESSION_ROW>;
export type UserRow = RowOf<typeof USER_ROW>;

export function sessionRow(s: ViewerSession): SessionRow {
  return [s.channelId, s.userId, s.since, s.lastReportAt, s.bytes, s.reports, s.lastReportTs ?? null, s.kicked ? 1 : 0];
}

export function userRow(u: UserTotals): UserRow {
  return [u.userId, u.bytesWatched, u.minutesWatched, u.minutesUploaded, u.lastSeenAt];
}

/** The state as plain JSON, for the snapshot file. */
export interface StateJson {
  channels: Channel[];
  uploaders: Uploader[];
  sessions: SessionRow[];
  bans: Ban[];
  users: UserRow[];
  totals: State['totals'];
  /** [channelId\0userId, ts], oldest first. */
  endedReports?: [string, number][];
  families?: FamiliesJson;
}

export function stateToJson(state: State): StateJson {
  const sessions: SessionRow[] = [];
  for (const byUser of state.sessions.values()) {
    for (const s of byUser.values()) sessions.push(sessionRow(s));
  }
  const users: UserRow[] = [];
  for (const u of state.users.values()) users.push(userRow(u));
  return {
    channels: [...state.channels.values()],
    uploaders: [...state.uploaders.values()].flatMap((inner) => [...inner.values()]),
    sessions,
    bans: [...state.bans.values()],
    users,
    totals: { ...state.totals },
    endedReports: [...state.endedReports],
    families: familiesToJson(state),
  };
}

export function stateFromJson(json: StateJson): State {
  const state = emptyState();
  for (const channel of json.channels) state.channels.set(channel.id, { ...channel });
  for (const uploader of json.uploaders) innerMap(state.uploaders, uploader.channelId).set(uploader.userId, { ...uploader });
  for (const [channelId, userId, since, lastReportAt, bytes, reports, lastReportTs, kicked] of json.sessions) {
    const session: ViewerSession = { channelId, userId, since, lastReportAt, bytes, reports, kicked: kicked === 1 };
    if (lastReportTs !== null) session.lastReportTs = lastReportTs;
    innerMap(state.sessions, channelId).set(userId, session);
  }
  for (const ban of json.bans) state.bans.set(ban.userId, { ...ban });
  for (const [userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt] of json.users) {
    const user: UserTotals = { userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt };
    state.users.set(userId, user);
  }
  state.totals = { ...json.totals };
  for (const [key, ts] of json.endedReports ?? []) state.endedReports.set(key, ts);
  familiesFromJson(json.families, state);
  return state;
}

export function isStateJson(value: unknown): value is StateJson {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<StateJson>;
  return (
    [state.channels, state.uploaders, state.bans].every(Array.isArray) &&
    areRows(state.sessions, SESSION_ROW) &&
    areRows(state.users, USER_ROW) &&
    typeof state.totals?.bytes === 'number' &&
    isFamiliesJson(state.families)
  );
}

