// The vocabulary of the chat-room, group, call and push families.

/** roomType as sent (CHAT_ROOM_TYPE_PUBLIC / _LOGIN), or unknown for a room adopted through IS_EXIST. */
export const CHAT_ROOM_TYPES = ['PUBLIC', 'LOGIN', 'unknown'] as const;
export type ChatRoomType = (typeof CHAT_ROOM_TYPES)[number];

/** active: known and answered; adopted: first seen through IS_EXIST, creator guessed; deleted: tombstone, IS_EXIST answered "0". */
export const CHAT_ROOM_STATES = ['active', 'adopted', 'deleted'] as const;
export type ChatRoomState = (typeof CHAT_ROOM_STATES)[number];

/** A chat room's member limit as the media server holds it: a 16-bit field, 0 locks everyone out. */
export const CHAT_ROOM_LIMIT = { min: 1, max: 65535 } as const;

export const GROUP_STATES = ['active', 'deleted'] as const;
export type GroupState = (typeof GROUP_STATES)[number];

/** active: minutes are being reported; ending: the operator ended it, the next report is answered "0"; ended. */
export const CALL_STATES = ['active', 'ending', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];

export const CALL_END_REASONS = ['hangup', 'aged', 'operator', 'denied', 'quota'] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

/** msgServer push modes: what a user's offline messages do. */
export const PUSH_MODES = { unknown: 0, allOff: 1, allOn: 2, callsOnly: 3 } as const;
export type PushMode = (typeof PUSH_MODES)[keyof typeof PUSH_MODES];
