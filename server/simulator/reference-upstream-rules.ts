// What the StarRTC reference eventCenter (PHP, starRTC_private.sql) answers, action by action,
// with its known quirks kept on purpose (aec-media-server-2.9.6.md §6, §7, §11.3 rule 7): a deny
// is `"data":10001` as a NUMBER, GET_PUSH_MODE answers `"data":2` as a number, and a SYNC_ALL of
// a group without members omits groupList. Forward mode is tested and demonstrated against it.

import { factsOf } from '../contract';

export interface ReferenceBook {
  rooms: Map<string, { creator: string; limit: number }>;
  groups: Map<string, { creator: string; members: string[]; ignore: string[] }>;
  nextGroupId: number;
  pushModes: Map<string, number>;
  /** Per call (caller -> callee), minutes reported. */
  callMinutes: Map<string, number>;
}

export interface ReferenceQuirks {
  /** Cut every call after this many minute reports (a bug of one PHP version); 0: never. */
  cutCallsAfterMinutes: number;
  /** Users the reference refuses (no balance, say): their ONLINE, PLAYING and creates get "0". */
  refusedUsers: ReadonlySet<string>;
}

export function emptyReferenceBook(): ReferenceBook {
  return { rooms: new Map(), groups: new Map(), nextGroupId: 100462, pushModes: new Map(), callMinutes: new Map() };
}

/** PHP's echo_0: the error code as a JSON number. */
const DENY = '{"status":"0","data":10001}';
const OK = '{"status":"1","data":"ok"}';
const one = (data: string | Record<string, string>): string => JSON.stringify({ status: '1', data });

type Fields = Record<string, unknown>;

export function referenceAnswer(book: ReferenceBook, data: Fields, quirks: ReferenceQuirks): string {
  const action = typeof data.action === 'string' ? data.action : '';
  const text = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : typeof data[key] === 'number' ? String(data[key]) : '');
  const user = text('userId');
  if (quirks.refusedUsers.has(user) && ['create', 'admit', 'report'].includes(factsOf(action)?.role ?? '')) return DENY;
  switch (factsOf(action)?.kind) {
    case 'chatRoomCreate':
      book.rooms.set(text('roomId'), { creator: user, limit: Number(text('conCurrentNumber')) || 100 });
      return OK;
    case 'chatRoomIsExist': {
      const room = book.rooms.get(text('roomId'));
      return room ? one(`${room.creator},${room.limit}`) : DENY;
    }
    case 'chatRoomDelete': {
      const room = book.rooms.get(text('roomId'));
      if (room && room.creator === user) book.rooms.delete(text('roomId'));
      return OK;
    }
    case 'groupCreate':
      return createGroup(book, user, text('addUsers'));
    case 'groupDelete':
      book.groups.delete(text('groupId'));
      return OK;
    case 'groupSyncAll':
    case 'groupAddUsers':
    case 'groupRemoveUsers':
    case 'groupSetPushIgnore':
    case 'groupUnsetPushIgnore':
      return changeGroup(book, action, text('groupId'), user, text('addUsers') || text('removeUsers'));
    case 'pushModeGet':
      // The reference's own bug: the mode as a JSON number, which 2.9.6 cannot parse.
      return `{"status":"1","data":${book.pushModes.get(user) ?? 2}}`;
    case 'pushModeSet':
      book.pushModes.set(user, Number(text('pushMode')));
      return OK;
    case 'callPlaying': {
      const key = `${user}->${text('userId2')}`;
      const minutes = (book.callMinutes.get(key) ?? 0) + 1;
      book.callMinutes.set(key, minutes);
      return quirks.cutCallsAfterMinutes > 0 && minutes >= quirks.cutCallsAfterMinutes ? DENY : OK;
    }
    case 'callHangup':
      book.callMinutes.delete(`${user}->${text('userId2')}`);
      book.callMinutes.delete(`${text('userId2')}->${user}`);
      return OK;
    case 'applyUpload':
    case 'proxyApplyUpload':
      return one({ conCurrentNumber: '1000' });
    default:
      return OK;
  }
}

function createGroup(book: ReferenceBook, creator: string, addUsers: string): string {
  const id = String(book.nextGroupId);
  book.nextGroupId += 1;
  const members = [...new Set([creator, ...addUsers.split(',').filter((u) => u !== '')])];
  book.groups.set(id, { creator, members, ignore: [] });
  return one(id);
}

function changeGroup(book: ReferenceBook, action: string, groupId: string, user: string, users: string): string {
  const group = book.groups.get(groupId);
  if (!group) return DENY;
  const listed = users.split(',').filter((u) => u !== '');
  const kind = factsOf(action)?.kind;
  if (kind === 'groupAddUsers') group.members = [...new Set([...group.members, ...listed])];
  if (kind === 'groupRemoveUsers') group.members = group.members.filter((member) => !listed.includes(member));
  if (kind === 'groupSetPushIgnore') group.ignore = [...new Set([...group.ignore, user])];
  if (kind === 'groupUnsetPushIgnore') group.ignore = group.ignore.filter((member) => member !== user);
  if (!factsOf(action)?.syncAll) return OK;
  const data: Record<string, string> = {};
  // The reference's other bug: no groupList at all when the group has no members left.
  if (group.members.length > 0) data.groupList = group.members.join(',');
  if (group.ignore.length > 0) data.ignoreList = group.ignore.join(',');
  return one(data);
}
