// Typed events of the chat-room, group, call and push families (aec-media-server-2.9.6.md §2–§5).

import type { ChatRoomType, PushMode } from '../contract';

export interface ChatRoomCreateEvent {
  kind: 'chatRoomCreate';
  action: string;
  userId: string;
  roomId: string;
  roomType: ChatRoomType;
  /** conCurrentNumber as sent; 0 when absent. The domain clamps it to what the media server can hold. */
  capacity: number;
  /** userDefineData: the room's name, decoded where it was really URL-encoded. */
  name?: string;
  listType?: number;
}

export interface ChatRoomEvent {
  kind: 'chatRoomIsExist' | 'chatRoomDelete' | 'chatRoomSendMsg';
  action: string;
  /** The joiner (IS_EXIST), the deleter, the sender; absent in some older builds' calls. */
  userId?: string;
  roomId: string;
}

export interface ChatRoomListEvent {
  kind: 'chatRoomSaveToList' | 'chatRoomDelFromList';
  action: string;
  userId?: string;
  roomId: string;
  listType: number;
  /** SAVE: the client's list item as sent (URL-encoded JSON of {id, creator, name}). */
  listData?: string;
}

export interface ChatRoomQueryEvent {
  kind: 'chatRoomQueryList';
  action: string;
  userId?: string;
  listTypes: number[];
}

export interface GroupCreateEvent {
  kind: 'groupCreate';
  action: string;
  userId: string;
  /** addUsers: the members, the creator among them (added if missing). */
  members: string[];
  name?: string;
}

export interface GroupSyncEvent {
  kind: 'groupSyncAll';
  action: string;
  groupId: string;
}

export interface GroupUserEvent {
  kind: 'groupDelete' | 'groupSetPushIgnore' | 'groupUnsetPushIgnore' | 'groupGetUserList' | 'groupPushGroupMsg';
  action: string;
  userId: string;
  groupId: string;
  /** The *_AND_SYNC_ALL variants: the reply is the member snapshot. */
  syncAll: boolean;
}

export interface GroupMembersEvent {
  kind: 'groupAddUsers' | 'groupRemoveUsers';
  action: string;
  userId: string;
  groupId: string;
  users: string[];
  syncAll: boolean;
}

export interface UserOnlyEvent {
  kind: 'groupGetGroupList' | 'groupPushSystemMsg' | 'pushModeGet' | 'verifyUserLogin';
  action: string;
  userId: string;
}

export interface CallEvent {
  kind: 'callOnline' | 'callPlaying' | 'callHangup';
  action: string;
  /** userId: who called. */
  caller: string;
  /** userId2: who was called. */
  callee: string;
  /** HANGUP: whoever hung up or dropped. */
  hungUpBy?: string;
}

export interface PushModeSetEvent {
  kind: 'pushModeSet';
  action: string;
  userId: string;
  mode: PushMode;
}

export type FamilyEvent =
  | ChatRoomCreateEvent
  | ChatRoomEvent
  | ChatRoomListEvent
  | ChatRoomQueryEvent
  | GroupCreateEvent
  | GroupSyncEvent
  | GroupUserEvent
  | GroupMembersEvent
  | UserOnlyEvent
  | CallEvent
  | PushModeSetEvent;
