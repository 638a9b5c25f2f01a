// Chat rooms: the media server keeps them only in memory and asks us again (IS_EXIST) after each
// restart, so we are their lasting record. The web SDK creates a room before every live and joins
// it before watching: a "0" here stops lives from being created or watched.

import { CHAT_ROOM_LIMIT, DenyCode } from '../../contract';
import type { ChatRoomCreateEvent, ChatRoomEvent, ChatRoomListEvent, ChatRoomQueryEvent } from '../family-events';
import type { Change } from '../changes';
import { allow, deny, type Decision } from '../decision';
import { definedFields } from '../defined';
import type { DecisionSettings } from '../settings';
import { activeBan, type State } from '../state';
import type { ChatRoom } from './model';

/** 0 would lock everyone out and the field is 16 bits: a limit the media server can use. */
export function usableLimit(requested: number, settings: DecisionSettings): number {
  if (requested <= 0) return settings.defaultChatRoomLimit;
  return Math.min(Math.max(requested, CHAT_ROOM_LIMIT.min), CHAT_ROOM_LIMIT.max);
}

export function decideChatRoomCreate(state: State, event: ChatRoomCreateEvent, now: number, settings: DecisionSettings): Decision {
  const ban = activeBan(state, event.userId, now);
  if (ban) return deny(DenyCode.userBanned, `user ${event.userId} is banned (${ban.reason}); chat room ${event.roomId} not created`);
  const existing = state.chatRooms.get(event.roomId);
  const limit = usableLimit(event.capacity, settings);
  const limitNote = limit === event.capacity ? `limit ${limit}` : `limit ${limit} (asked ${event.capacity})`;
  if (existing && existing.deletedAt === undefined && !existing.adopted && existing.creator === event.userId) {
    return allow(`chat room ${event.roomId} already exists with the same creator (retry)`);
  }
  // An adopted room that is now really created keeps what was seen of it; a deleted one starts anew.
  const keepHistory = existing !== undefined && existing.adopted && existing.deletedAt === undefined;
  const room: ChatRoom = {
    id: event.roomId,
    creator: event.userId,
    type: event.roomType,
    limit,
    requestedLimit: event.capacity,
    createdAt: keepHistory ? existing.createdAt : now,
    adopted: false,
    lists: event.listType !== undefined ? [event.listType] : [],
    askedCount: keepHistory ? existing.askedCount : 0,
    ...definedFields({ name: event.name, lastAskedAt: keepHistory ? existing.lastAskedAt : undefined }),
  };
  const how = !existing
    ? 'created'
    : existing.deletedAt !== undefined
      ? 're-created after delete'
      : existing.adopted
        ? 'adopted room now created'
        : `created again by ${event.userId} (was ${existing.creator})`;
  return allow(`chat room ${event.roomId} ${how} (${event.roomType}, ${limitNote})`, [{ op: 'putChatRoom', room }]);
}

/** A join on a media server that does not hold the room: its creator and limit, from our record. */
export function decideChatRoomIsExist(state: State, event: ChatRoomEvent, now: number, settings: DecisionSettings): Decision {
  const joiner = event.userId;
  const ban = joiner === undefined ? undefined : activeBan(state, joiner, now);
  if (ban) return deny(DenyCode.userBanned, `user ${joiner} is banned (${ban.reason}); join of chat room ${event.roomId} refused`);
  const room = state.chatRooms.get(event.roomId);
  if (room?.deletedAt !== undefined) {
    // Counted all the same: the operator sees that people still try to join it.
    return deny(DenyCode.chatRoomDeleted, `chat room ${event.roomId} was deleted by ${room.deletedBy ?? 'its creator'}; rejoin refused`, [
      { op: 'chatRoomAsked', roomId: room.id, at: now },
    ]);
  }
  if (room) {
    return allow(`chat room ${room.id} exists: creator ${room.creator}, limit ${room.limit}`, [{ op: 'chatRoomAsked', roomId: room.id, at: now }], {
      kind: 'roomInfo',
      creator: room.creator,
      limit: room.limit,
    });
  }
  if (!settings.adoptUnknownChatRooms) return deny(DenyCode.chatRoomUnknown, `unknown chat room ${event.roomId}`);
  const owner = channelCreatorOf(state, event.roomId);
  const adopted: ChatRoom = {
    id: event.roomId,
    creator: owner ?? settings.chatRoomPlaceholderCreator,
    type: 'unknown',
    limit: settings.defaultChatRoomLimit,
    createdAt: now,
    adopted: true,
    lists: [],
    askedCount: 0,
  };
  const whose = owner !== undefined ? `the creator of its live channel, ${owner}` : `the placeholder ${adopted.creator} (no live channel names one)`;
  return allow(
    `unknown chat room ${event.roomId} adopted: creator ${whose}, limit ${adopted.limit}`,
    [
      { op: 'putChatRoom', room: adopted },
      { op: 'chatRoomAsked', roomId: adopted.id, at: now },
    ],
    { kind: 'roomInfo', creator: adopted.creator, limit: adopted.limit },
  );
}

/** The creator of the newest live channel created with this roomId: the room's most likely owner. */
function channelCreatorOf(state: State, roomId: string): string | undefined {
  let found: { creator: string; at: number } | undefined;
  for (const channel of state.channels.values()) {
    if (channel.roomId !== roomId || channel.creator === undefined) continue;
    if (!found || channel.createdAt >= found.at) found = { creator: channel.creator, at: channel.createdAt };
  }
  return found?.creator;
}

/**
 * As the reference: "1" either way; only the creator deletes it (anyone, for a room adopted with
 * the placeholder creator, since its real creator is not known).
 */
export function decideChatRoomDelete(state: State, event: ChatRoomEvent, now: number, settings: DecisionSettings): Decision {
  const room = state.chatRooms.get(event.roomId);
  if (!room) return allow(`delete of unknown chat room ${event.roomId}: nothing to delete`);
  if (room.deletedAt !== undefined) return allow(`chat room ${room.id} already deleted`);
  const by = event.userId;
  const creatorUnknown = room.adopted && room.creator === settings.chatRoomPlaceholderCreator;
  if (by !== undefined && !creatorUnknown && room.creator !== by) {
    return allow(`user ${by} is not the creator of chat room ${room.id} (${room.creator}): answered "1" as the reference does, room kept`);
  }
  const changes: Change[] = [{ op: 'patchChatRoom', roomId: room.id, at: now, patch: { deletedAt: now, deletedBy: by !== undefined ? `user:${by}` : 'media server' } }];
  return allow(`chat room ${room.id} deleted: a later IS_EXIST for it is answered "0"`, changes);
}

/** Not sent by 2.9.6 ("not open"); answered so an older build's messages go through. */
export function decideChatRoomSendMsg(state: State, event: ChatRoomEvent, now: number): Decision {
  const ban = event.userId === undefined ? undefined : activeBan(state, event.userId, now);
  if (ban) return deny(DenyCode.userBanned, `user ${event.userId} is banned (${ban.reason}); message refused`);
  return allow(`message of ${event.userId ?? 'a user'} in chat room ${event.roomId}`);
}

/** Older builds file rooms under list types; kept on the room for QUERY_ALL_CHATROOM_LIST. */
export function decideChatRoomList(state: State, event: ChatRoomListEvent, now: number): Decision {
  const room = state.chatRooms.get(event.roomId);
  if (!room) return allow(`list change for unknown chat room ${event.roomId}: nothing to file`);
  const lists = new Set(room.lists);
  if (event.kind === 'chatRoomSaveToList') lists.add(event.listType);
  else lists.delete(event.listType);
  const verb = event.kind === 'chatRoomSaveToList' ? 'saved to' : 'removed from';
  return allow(`chat room ${room.id} ${verb} list ${event.listType}`, [{ op: 'patchChatRoom', roomId: room.id, at: now, patch: { lists: [...lists].sort((a, b) => a - b) } }]);
}

export function decideChatRoomQuery(state: State, event: ChatRoomQueryEvent): Decision {
  const wanted = new Set(event.listTypes);
  const rooms = [...state.chatRooms.values()].filter(
    (room) => room.deletedAt === undefined && (wanted.size === 0 || room.lists.some((type) => wanted.has(type))),
  );
  const which = wanted.size > 0 ? `list types ${[...wanted].join(',')}` : 'all list types';
  return allow(`${rooms.length} chat rooms for ${which}`, [], {
    kind: 'roomList',
    roomIds: rooms.map((room) => room.id),
    creators: rooms.map((room) => room.creator),
    // The web SDK decodes and parses each item: URL-encoded JSON of what it saved.
    userDefineData: rooms.map((room) => encodeURIComponent(JSON.stringify({ id: room.id, creator: room.creator, name: room.name ?? '' }))),
  });
}
