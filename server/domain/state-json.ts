import type { Ban, Channel, State, Uploader, UserTotals, ViewerSession } from './state';
import { emptyState } from './state';

/** A viewer session as a row: sessions are most of the snapshot, and keys would double its size. */
type SessionRow = [
  channelId: string,
  userId: string,
  since: number,
  lastReportAt: number,
  bytes: number,
  reports: number,
  lastReportTs: number | null,
  kicked: 0 | 1,
];
type UserRow = [userId: string, bytesWatched: number, minutesWatched: number, minutesUploaded: number, lastSeenAt: number];

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
}

export function stateToJson(state: State): StateJson {
  const sessions: SessionRow[] = [];
  for (const byUser of state.sessions.values()) {
    for (const s of byUser.values()) {
      sessions.push([s.channelId, s.userId, s.since, s.lastReportAt, s.bytes, s.reports, s.lastReportTs ?? null, s.kicked ? 1 : 0]);
    }
  }
  const users: UserRow[] = [];
  for (const u of state.users.values()) users.push([u.userId, u.bytesWatched, u.minutesWatched, u.minutesUploaded, u.lastSeenAt]);
  return {
    channels: [...state.channels.values()],
    uploaders: [...state.uploaders.values()].flatMap((inner) => [...inner.values()]),
    sessions,
    bans: [...state.bans.values()],
    users,
    totals: { ...state.totals },
    endedReports: [...state.endedReports],
  };
}

export function stateFromJson(json: StateJson): State {
  const state = emptyState();
  for (const channel of json.channels) state.channels.set(channel.id, { ...channel });
  for (const uploader of json.uploaders) nest(state.uploaders, uploader.channelId).set(uploader.userId, { ...uploader });
  for (const [channelId, userId, since, lastReportAt, bytes, reports, lastReportTs, kicked] of json.sessions) {
    const session: ViewerSession = { channelId, userId, since, lastReportAt, bytes, reports, kicked: kicked === 1 };
    if (lastReportTs !== null) session.lastReportTs = lastReportTs;
    nest(state.sessions, channelId).set(userId, session);
  }
  for (const ban of json.bans) state.bans.set(ban.userId, { ...ban });
  for (const [userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt] of json.users) {
    const user: UserTotals = { userId, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt };
    state.users.set(userId, user);
  }
  state.totals = { ...json.totals };
  for (const [key, ts] of json.endedReports ?? []) state.endedReports.set(key, ts);
  return state;
}

function nest<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
