// Admin API shapes of chat rooms, groups and one-to-one calls. Raw numbers, as in api.ts.

import type { AuditEntry } from './audit';
import type { CallEndReason, CallState, ChatRoomState, ChatRoomType, GroupState } from './families';
import type { ChannelRow } from './api';
import type { UserRange } from './history';

export interface ChatRoomRow {
  id: string;
  /** userDefineData of the create, the room's name as the client gave it. */
  name: string | null;
  /** The creator the media server is told at IS_EXIST; a placeholder for an adopted room. */
  creator: string;
  type: ChatRoomType;
  /** Member limit answered at IS_EXIST (1–65535). */
  limit: number;
  /** The conCurrentNumber the create asked for, before clamping (null for adopted rooms). */
  requestedLimit: number | null;
  state: ChatRoomState;
  /** The live channel whose roomId is this room, if any. */
  linkedChannelId: string | null;
  createdAt: number;
  /** IS_EXIST calls: joins of a media server that did not hold the room (after its restarts). */
  askedCount: number;
  lastAskedAt: number | null;
  deletedAt: number | null;
  /** `user:<id>` or `operator`. */
  deletedBy: string | null;
}

export interface ChatRoomDetail {
  room: ChatRoomRow;
  linkedChannel: ChannelRow | null;
  /** List types the room is saved under (older builds' SAVE_TO_CHATROOM_LIST). */
  lists: number[];
  /** Newest first. */
  recentEvents: AuditEntry[];
}

export interface GroupRow {
  id: string;
  name: string | null;
  creator: string;
  members: number;
  /** Members with do-not-disturb on (the push-ignore list). */
  ignoring: number;
  state: GroupState;
  createdAt: number;
  /** SYNC_ALL and *_AND_SYNC_ALL calls answered with the member list. */
  syncCount: number;
  lastSyncAt: number | null;
  deletedAt: number | null;
}

export interface GroupDetail {
  group: GroupRow;
  members: string[];
  ignore: string[];
  /** Newest first. */
  recentEvents: AuditEntry[];
}

export interface CallRow {
  id: string;
  caller: string;
  callee: string;
  startedAt: number;
  lastReportAt: number;
  /** PLAYING reports: about one a minute while media flows. */
  minutes: number;
  state: CallState;
  endedAt: number | null;
  endReason: CallEndReason | null;
  /** Whoever hung up or dropped (HANGUP's hangupUserId). */
  hungUpBy: string | null;
  /** First seen at a PLAYING: its ONLINE was not seen (the call began while we were down). */
  adopted: boolean;
}

/** GET /api/calls/minutes?range=: hourly call minutes and who called most. */
export interface CallMinutesReport {
  range: UserRange;
  points: { t: number; minutes: number }[];
  topUsers: { userId: string; minutes: number }[];
}

/** Reply to chat-room delete / limit and call end. */
export interface FamilyActionResult<Row> {
  row: Row;
  /** What happens next, for the operator. */
  message: string;
}
