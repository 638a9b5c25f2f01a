import type { Change } from './changes';

/** What a "1" reply carries, in domain terms; server/protocol turns it into the wire shape. */
export type ReplyPayload =
  | { kind: 'text'; text: string }
  /** APPLY_UPLOAD: the channel's capacity, and its groupId for group channels. */
  | { kind: 'capacity'; capacity: number; groupId?: string }
  /** ACCESS_VALIDATION: echostr verbatim. */
  | { kind: 'echo'; echostr: string }
  /** QUERY_ALL_CHANNEL_LIST: parallel lists, comma-joined on the wire, keys omitted when empty. */
  | { kind: 'channelList'; channelIds: string[]; roomIds: string[]; creators: string[]; userDefineData: string[] }
  /** CHATROOM_IS_EXIST: "creator,limit". */
  | { kind: 'roomInfo'; creator: string; limit: number }
  /** CHATROOM_QUERY_ALL_CHATROOM_LIST (older builds): parallel lists, keys omitted when empty. */
  | { kind: 'roomList'; roomIds: string[]; creators: string[]; userDefineData: string[] }
  /** GROUP_CREATE: the new id, as a string. */
  | { kind: 'groupId'; groupId: string }
  /** SYNC_ALL and every *_AND_SYNC_ALL: groupList always, ignoreList when not empty. */
  | { kind: 'members'; members: string[]; ignore: string[] }
  /** GROUP_GET_GROUP_LIST (older builds). */
  | { kind: 'groupList'; groupIds: string[]; names: string[]; creators: string[] }
  /** GROUP_GET_USER_LIST (older builds): the members and whether the asker ignores the group. */
  | { kind: 'userList'; users: string[]; ignoring: boolean }
  /** MSG_SERVER_GET_PUSH_MODE: the mode as a digit. */
  | { kind: 'pushMode'; mode: number };

export type Decision =
  | { allow: true; reason: string; reply: ReplyPayload; changes: Change[]; mustBeDurable?: Undo }
  | { allow: false; reason: string; code: number; changes: Change[] };

/**
 * A "1" that must not go out before its change is on disk (a group id handed out twice would
 * merge two groups): if the disk is slower than the answer budget the answer becomes a "0" and
 * these changes undo what was decided, the id staying used.
 */
export interface Undo {
  changes: Change[];
  reason: string;
}

export function allow(reason: string, changes: Change[] = [], reply: ReplyPayload = { kind: 'text', text: 'ok' }): Decision {
  return { allow: true, reason, reply, changes };
}

/** A denial may still change state (e.g. a "0" to PLAYING ends that viewer's session). */
export function deny(code: number, reason: string, changes: Change[] = []): Decision {
  return { allow: false, reason, code, changes };
}
