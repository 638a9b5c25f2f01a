import type { CallEndReason, PresenceEnd, PushMode } from '../contract';
import type { Call } from './call/model';
import type { ChatRoom } from './chatroom/model';
import type { Group } from './group/model';
import type { Replay } from './forward/model';
import type { Ban, Channel } from './state';

/** Live channels, their uploaders and viewers. */
export type LiveChange =
  | { op: 'createChannel'; channel: Channel }
  /** Fields set to `null` are removed. */
  | { op: 'patchChannel'; channelId: string; at: number; patch: ChannelPatch }
  | { op: 'uploaderReport'; channelId: string; userId: string; at: number; counted: boolean }
  | { op: 'uploaderEnd'; channelId: string; userId: string; at: number; why: PresenceEnd }
  | { op: 'viewerReport'; channelId: string; userId: string; at: number; bytes: number; ts?: number; counted: boolean }
  /** `ts`: of the report that ended it, so a retry of that report is recognised. */
  | { op: 'viewerEnd'; channelId: string; userId: string; at: number; bytes: number; why: PresenceEnd; ts?: number }
  | { op: 'kickViewer'; channelId: string; userId: string; at: number };

export type ChatRoomChange =
  /** A room created, adopted, or created again after a delete. */
  | { op: 'putChatRoom'; room: ChatRoom }
  /** Fields set to `null` are removed. */
  | { op: 'patchChatRoom'; roomId: string; at: number; patch: ChatRoomPatch }
  /** IS_EXIST asked for it: a join on a media server that did not hold it. */
  | { op: 'chatRoomAsked'; roomId: string; at: number };

export type GroupChange =
  /** A new group; the id counter moves past its id. */
  | { op: 'putGroup'; group: Group }
  | { op: 'patchGroup'; groupId: string; at: number; patch: GroupPatch }
  /** The member list was handed to the media server (SYNC_ALL, *_AND_SYNC_ALL). */
  | { op: 'groupSynced'; groupId: string; at: number }
  /** An id was taken without a group (a create refused after its id was reserved): never reused. */
  | { op: 'skipGroupId'; groupId: string };

export type CallChange =
  | { op: 'callStart'; call: Call }
  /** caller and callee: the minute is theirs in the call history. */
  | { op: 'callReport'; callId: string; at: number; counted: boolean; ts?: number; caller: string; callee: string }
  | { op: 'callEnding'; callId: string; at: number }
  | { op: 'callEnd'; callId: string; at: number; reason: CallEndReason; hungUpBy?: string };

export type ForwardChange =
  | { op: 'replayQueued'; replay: Replay }
  | { op: 'replayDone'; replayId: string; at: number };

export type UserChange =
  | { op: 'putBan'; ban: Ban }
  | { op: 'liftBan'; userId: string; at: number }
  | { op: 'setPushMode'; userId: string; mode: PushMode; at: number };

/**
 * A state change decided by the domain. Changes are what the journal records and what replay
 * re-applies, so applying them must depend on nothing but the change and the state.
 */
export type Change = LiveChange | ChatRoomChange | GroupChange | CallChange | UserChange | ForwardChange;

type Nullable<T> = { [K in keyof T]?: T[K] | null };
export type ChannelPatch = Nullable<Omit<Channel, 'id' | 'bytes' | 'createdAt' | 'lastEventAt'>>;
export type ChatRoomPatch = Nullable<Pick<ChatRoom, 'creator' | 'limit' | 'deletedAt' | 'deletedBy' | 'lists' | 'adopted' | 'name'>>;
export type GroupPatch = Nullable<Pick<Group, 'members' | 'ignore' | 'name' | 'deletedAt' | 'deletedBy'>>;
