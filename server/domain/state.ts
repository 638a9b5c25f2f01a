import type { ChannelDisplayState, ChannelLifecycle, ChannelType, PresenceEnd, PushMode } from '../contract';
import type { Call } from './call/model';
import type { ChatRoom } from './chatroom/model';
import type { Group } from './group/model';
import type { Replay } from './forward/model';
import { FIRST_GROUP_ID } from './group/model';

export interface Channel {
  id: string;
  type: ChannelType;
  creator?: string;
  roomId?: string;
  groupId?: string;
  capacity: number;
  extra?: string;
  listType?: number;
  specify?: string[];
  createdAt: number;
  lifecycle: ChannelLifecycle;
  /** Seen first through an event for a channel we never saw created. */
  adopted: boolean;
  /** Users granted upload right by SET_CHANNEL_UPLOADER and not revoked. */
  grantedUploaders: string[];
  /** Who closed or deleted it last: `user:<id>`, `operator`, `proxy`. */
  closedBy?: string;
  closeRequestedAt?: number;
  closedAt?: number;
  deletedAt?: number;
  /** First uploader report of the current run; cleared when no uploader is live. */
  liveSince?: number;
  /** Last time all uploaders aged out without a DISCONNECT. */
  staleSince?: number;
  /** Start and end of the latest run on air (kept after it ends, for the show's summary). */
  runStartedAt?: number;
  runEndedAt?: number;
  bytes: number;
  lastEventAt: number;
}

export interface Uploader {
  channelId: string;
  userId: string;
  since: number;
  lastReportAt: number;
  reports: number;
}

export interface ViewerSession {
  channelId: string;
  userId: string;
  since: number;
  lastReportAt: number;
  bytes: number;
  reports: number;
  /** `ts` of the last counted PLAYING report, to ignore a retried duplicate. */
  lastReportTs?: number;
  kicked: boolean;
}

export interface Ban {
  userId: string;
  since: number;
  /** Epoch ms; absent = for good. */
  until?: number;
  reason: string;
}

export interface UserTotals {
  userId: string;
  bytesWatched: number;
  minutesWatched: number;
  minutesUploaded: number;
  lastSeenAt: number;
}

/**
 * The whole live state. Maps keyed by ids so that every event costs the same whatever the
 * size of the state. Viewer sessions are grouped per channel for counting.
 */
export interface State {
  channels: Map<string, Channel>;
  /** channelId -> userId -> uploader */
  uploaders: Map<string, Map<string, Uploader>>;
  /** channelId -> userId -> session */
  sessions: Map<string, Map<string, ViewerSession>>;
  bans: Map<string, Ban>;
  users: Map<string, UserTotals>;
  totals: { bytes: number; sessionsStarted: number };
  /**
   * `ts` of the report that ended a viewer's last session, by `channelId\0userId`: a media
   * server retrying that report must not count its bytes twice. Bounded.
   */
  endedReports: Map<string, number>;
  chatRooms: Map<string, ChatRoom>;
  groups: Map<string, Group>;
  /** The next group id to hand out: only ever grows, so no id is handed out twice. */
  nextGroupId: number;
  /** Active calls and the most recent ended ones, by call id. */
  calls: Map<string, Call>;
  /** `caller\0callee` -> id of the active call between them. */
  activeCalls: Map<string, string>;
  nextCallId: number;
  /** Push modes users set; absent = all on. */
  pushModes: Map<string, PushMode>;
  /** Per channel: the most viewers at once and everyone who watched, for the show's summary. */
  audiences: Map<string, Audience>;
  /** Forward mode: teardowns waiting to be replayed to the eventCenter, oldest first. */
  replays: Map<string, Replay>;
  nextReplayId: number;
}

export interface Audience {
  peak: number;
  seen: Set<string>;
}

export function emptyState(): State {
  return {
    channels: new Map(),
    uploaders: new Map(),
    sessions: new Map(),
    bans: new Map(),
    users: new Map(),
    totals: { bytes: 0, sessionsStarted: 0 },
    endedReports: new Map(),
    chatRooms: new Map(),
    groups: new Map(),
    nextGroupId: FIRST_GROUP_ID,
    calls: new Map(),
    activeCalls: new Map(),
    nextCallId: 1,
    pushModes: new Map(),
    audiences: new Map(),
    replays: new Map(),
    nextReplayId: 1,
  };
}

export const ENDED_REPORTS_KEPT = 50_000;

export function endedReportKey(channelId: string, userId: string): string {
  return `${channelId}\u0000${userId}`;
}

export function sessionCount(state: State, channelId: string): number {
  return state.sessions.get(channelId)?.size ?? 0;
}

export function liveUploaderCount(state: State, channelId: string): number {
  return state.uploaders.get(channelId)?.size ?? 0;
}

export function activeBan(state: State, userId: string, now: number): Ban | undefined {
  const ban = state.bans.get(userId);
  if (!ban) return undefined;
  return ban.until === undefined || ban.until > now ? ban : undefined;
}

export function displayState(state: State, channel: Channel): ChannelDisplayState {
  if (channel.lifecycle !== 'open') return channel.lifecycle;
  if (liveUploaderCount(state, channel.id) > 0) return 'live';
  // A pulled channel has no uploading user: the live proxy's apply marks it live.
  if (channel.type === 'LIVEPROXY' && channel.liveSince !== undefined) return 'live';
  if (channel.staleSince !== undefined) return 'stale';
  if (channel.adopted) return 'adopted';
  return 'idle';
}

/** The inner map of a two-level map, made on first use. */
export function innerMap<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
