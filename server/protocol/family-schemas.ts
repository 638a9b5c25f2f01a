// Zod schemas of the chat-room, group, call and push actions (aec-media-server-2.9.6.md §2–§5):
// the `data` object in, a typed event out; every field checked, a readable reason otherwise.

import { z } from 'zod';
import type { ActionFacts, ChatRoomType, PushMode } from '../contract';
import { definedFields } from '../domain/defined';
import type { AecEventBody, FamilyEvent } from '../domain';
import { id, integer, listTypeList, MAX_CAPACITY, MAX_LIST_TYPE, optionalId, optionalInteger, optionalText, userIdList } from './fields';

type Schema = z.ZodType<AecEventBody, unknown>;

/** Group ids are numbers we (or the studio's eventCenter) handed out. */
const groupId = id.pipe(z.string().regex(/^\d{1,18}$/, { error: 'must be a group id: digits only' }));

const ROOM_TYPES: Readonly<Record<string, ChatRoomType>> = { CHAT_ROOM_TYPE_PUBLIC: 'PUBLIC', CHAT_ROOM_TYPE_LOGIN: 'LOGIN' };

/** A type name we do not know is no reason to refuse a room the media server already made. */
const roomType = z
  .unknown()
  .transform((value): ChatRoomType => (typeof value === 'string' ? (ROOM_TYPES[value.trim()] ?? 'unknown') : 'unknown'));

/** userDefineData: decoded only where it really is URL-encoded (the PHP demo rawurldecodes it). */
function roomName(text: string | undefined): string | undefined {
  if (text === undefined || !/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a literal % in a name, not an encoding
  }
}

const pushMode = integer(0, 3);

function chatRoomSchema(action: string, facts: ActionFacts): Schema | undefined {
  switch (facts.kind) {
    case 'chatRoomCreate':
      return z
        .object({ userId: id, roomId: id, roomType, conCurrentNumber: optionalInteger(0, MAX_CAPACITY), userDefineData: optionalText, listType: optionalInteger(0, MAX_LIST_TYPE) })
        .transform((f): FamilyEvent => ({
          kind: 'chatRoomCreate',
          action,
          userId: f.userId,
          roomId: f.roomId,
          roomType: f.roomType,
          capacity: f.conCurrentNumber ?? 0,
          ...definedFields({ name: roomName(f.userDefineData), listType: f.listType }),
        }));
    case 'chatRoomIsExist':
    case 'chatRoomDelete':
    case 'chatRoomSendMsg': {
      const kind = facts.kind;
      return z
        .object({ userId: optionalId, roomId: id })
        .transform((f): FamilyEvent => ({ kind, action, roomId: f.roomId, ...definedFields({ userId: f.userId }) }));
    }
    case 'chatRoomSaveToList':
    case 'chatRoomDelFromList': {
      const kind = facts.kind;
      return z
        .object({ userId: optionalId, roomId: id, listType: optionalInteger(0, MAX_LIST_TYPE), userDefineData: optionalText })
        .transform((f): FamilyEvent => ({
          kind,
          action,
          roomId: f.roomId,
          listType: f.listType ?? 0,
          ...definedFields({ userId: f.userId, listData: f.userDefineData }),
        }));
    }
    case 'chatRoomQueryList':
      return z
        .object({ userId: optionalId, listTypes: listTypeList })
        .transform((f): FamilyEvent => ({ kind: 'chatRoomQueryList', action, listTypes: f.listTypes, ...definedFields({ userId: f.userId }) }));
    default:
      return undefined;
  }
}

function groupSchema(action: string, facts: ActionFacts): Schema | undefined {
  const syncAll = facts.syncAll === true;
  switch (facts.kind) {
    case 'groupCreate':
      return z
        .object({ userId: id, addUsers: userIdList, userDefineData: optionalText })
        .transform((f): FamilyEvent => ({ kind: 'groupCreate', action, userId: f.userId, members: f.addUsers, ...definedFields({ name: roomName(f.userDefineData) }) }));
    case 'groupSyncAll':
      return z.object({ groupId }).transform((f): FamilyEvent => ({ kind: 'groupSyncAll', action, groupId: f.groupId }));
    case 'groupAddUsers':
      return z
        .object({ userId: id, groupId, addUsers: userIdList })
        .transform((f): FamilyEvent => ({ kind: 'groupAddUsers', action, userId: f.userId, groupId: f.groupId, users: f.addUsers, syncAll }));
    case 'groupRemoveUsers':
      return z
        .object({ userId: id, groupId, removeUsers: userIdList })
        .transform((f): FamilyEvent => ({ kind: 'groupRemoveUsers', action, userId: f.userId, groupId: f.groupId, users: f.removeUsers, syncAll }));
    case 'groupDelete':
    case 'groupSetPushIgnore':
    case 'groupUnsetPushIgnore':
    case 'groupGetUserList':
    case 'groupPushGroupMsg': {
      const kind = facts.kind;
      return z.object({ userId: id, groupId }).transform((f): FamilyEvent => ({ kind, action, userId: f.userId, groupId: f.groupId, syncAll }));
    }
    default:
      return undefined;
  }
}

function otherSchema(action: string, facts: ActionFacts): Schema | undefined {
  switch (facts.kind) {
    case 'groupGetGroupList':
    case 'groupPushSystemMsg':
    case 'pushModeGet':
    case 'verifyUserLogin': {
      const kind = facts.kind;
      return z.object({ userId: id }).transform((f): FamilyEvent => ({ kind, action, userId: f.userId }));
    }
    case 'pushModeSet':
      return z
        .object({ userId: id, pushMode })
        .transform((f): FamilyEvent => ({ kind: 'pushModeSet', action, userId: f.userId, mode: f.pushMode as PushMode }));
    case 'callOnline':
    case 'callPlaying':
    case 'callHangup': {
      const kind = facts.kind;
      return z
        .object({ userId: id, userId2: id, hangupUserId: optionalId })
        .transform((f): FamilyEvent => ({ kind, action, caller: f.userId, callee: f.userId2, ...definedFields({ hungUpBy: kind === 'callHangup' ? f.hangupUserId : undefined }) }));
    }
    default:
      return undefined;
  }
}

/** The schema of a chat-room, group, call or push action; undefined for the others. */
export function familySchemaOf(action: string, facts: ActionFacts): Schema | undefined {
  return chatRoomSchema(action, facts) ?? groupSchema(action, facts) ?? otherSchema(action, facts);
}
