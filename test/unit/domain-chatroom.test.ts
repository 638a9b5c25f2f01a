// Chat rooms (aec-media-server-2.9.6.md §2, §9): we are the lasting record of every room the
// media server only caches, so each answer is checked twice: what the domain decided, and what
// the 2.9.6 media server reads from the bytes we send (the ported parser, readMediaServerReply).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AecEvent, OperatorCommand } from '../../server/domain';
import { parseEvent } from '../../server/protocol';
import {
  ev,
  expectFamiliesConsistent,
  fev,
  objectData,
  onWire,
  operatorDone,
  operatorFailed,
  sendAllowed,
  sendDenied,
  stringData,
  T0,
  World,
} from './domain-helpers';

/**
 * IS_EXIST's data as chatRoomServer reads it: split on ",", exactly two parts with a non-empty
 * second part, then strtol on the limit (§2). Anything else takes its error path.
 */
function roomInfo(data: string | Record<string, string> | null): { creator: string; limit: number } {
  const parts = stringData(data).split(',');
  expect(parts, 'exactly two parts').toHaveLength(2);
  const [creator, limit] = parts as [string, string];
  expect(limit).toMatch(/^\d+$/);
  return { creator, limit: Number.parseInt(limit, 10) };
}

function isExistInfo(world: World, roomId: string, joiner = 'joiner'): { creator: string; limit: number } {
  return roomInfo(sendAllowed(world, fev.isExist(roomId, joiner)).data);
}

function ban(world: World, userId: string, durationSeconds: number | null = null): void {
  operatorDone(world.operate({ kind: 'ban', userId, durationSeconds, reason: 'spam' }));
}

describe('the requests of §2 parse into the events these tests send', () => {
  it('CREATE, IS_EXIST and DELETE as 2.9.6 sends them', () => {
    const create = parseEvent(
      '{"ts":"1561085008","action":"AEC_CHATROOM_CREATE","userId":"892500","roomId":"a4a8_KS9sWt36ttn","roomType":"CHAT_ROOM_TYPE_PUBLIC","conCurrentNumber":"100","userDefineData":"666"}',
    );
    expect(create).toMatchObject({ ok: true, event: { ...fev.roomCreate('a4a8_KS9sWt36ttn', '892500', { capacity: 100, name: '666' }), ts: 1561085008 } });
    const login = parseEvent('{"ts":"1","action":"AEC_CHATROOM_CREATE","userId":"u","roomId":"r","roomType":"CHAT_ROOM_TYPE_LOGIN","conCurrentNumber":"0"}');
    expect(login).toMatchObject({ ok: true, event: { kind: 'chatRoomCreate', roomType: 'LOGIN', capacity: 0 } });
    expect(parseEvent('{"ts":"1","action":"AEC_CHATROOM_IS_EXIST","userId":"577175","roomId":"a4a8_KS9sWt36ttn"}')).toMatchObject({
      ok: true,
      event: fev.isExist('a4a8_KS9sWt36ttn', '577175'),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_CHATROOM_DELETE","userId":"892500","roomId":"r"}')).toMatchObject({ ok: true, event: fev.roomDelete('r', '892500') });
    expect(parseEvent('{"ts":"1561359529","action":"AEC_CHATROOM_QUERY_ALL_CHATROOM_LIST","listTypes":"0","userId":""}')).toMatchObject({
      ok: true,
      event: fev.queryRooms([0]),
    });
  });
});

describe('AEC_CHATROOM_CREATE', () => {
  it('records the room with its creator, type, limit and name, and answers a "1" the media server accepts', () => {
    const world = new World();
    const { decision, data } = sendAllowed(world, fev.roomCreate('r1', '892500', { capacity: 100, roomType: 'LOGIN', name: '直播 1' }));
    expect(data).toBe('ok');
    expect(decision.changes).toHaveLength(1);
    expect(world.state.chatRooms.get('r1')).toEqual({
      id: 'r1',
      creator: '892500',
      type: 'LOGIN',
      limit: 100,
      requestedLimit: 100,
      name: '直播 1',
      createdAt: T0,
      adopted: false,
      lists: [],
      askedCount: 0,
    });
    // What the media server gets back after its restart.
    expect(isExistInfo(world, 'r1')).toEqual({ creator: '892500', limit: 100 });
  });

  it.each([
    ['a limit inside 1–65535 is kept', 7, 7],
    ['the smallest limit, 1, is kept', 1, 1],
    ['the largest limit, 65535, is kept', 65_535, 65_535],
    ['above 65535 (would wrap in the 16-bit field) is clamped to 65535', 65_536, 65_535],
    ['far above is clamped to 65535', 1_000_000, 65_535],
    ['0 (would lock everyone out) becomes the defaultChatRoomLimit setting', 0, 250],
  ])('conCurrentNumber: %s', (_name, asked, limit) => {
    const world = new World({ defaultChatRoomLimit: 250 });
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: asked }));
    expect(world.state.chatRooms.get('r1')).toMatchObject({ limit, requestedLimit: asked });
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host', limit });
  });

  it('refuses a banned creator with CHATROOM_ERRID_LOGIN_FAILED and records nothing', () => {
    const world = new World();
    ban(world, 'host');
    sendDenied(world, fev.roomCreate('r1', 'host'), 'userBanned', { name: 'CHATROOM_ERRID_LOGIN_FAILED', mentions: ['host', 'r1'] });
    expect(world.state.chatRooms.size).toBe(0);
  });

  it('lets the creator create again once a timed ban has run out', () => {
    const world = new World();
    ban(world, 'host', 60);
    sendDenied(world, fev.roomCreate('r1', 'host'), 'userBanned');
    world.advance(61);
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    expect(world.state.chatRooms.get('r1')?.creator).toBe('host');
  });

  it('a retry by the same creator is a "1" that changes nothing (the limit the operator set stays)', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 100, name: 'first' }));
    operatorDone(world.operate({ kind: 'setChatRoomLimit', roomId: 'r1', limit: 20 }));
    world.advance(5);
    const { decision } = sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 100, name: 'first' }));
    expect(decision.changes).toEqual([]);
    expect(decision.reason).toContain('retry');
    expect(world.state.chatRooms.get('r1')).toMatchObject({ createdAt: T0, limit: 20, name: 'first' });
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host', limit: 20 });
  });

  it('the same roomId created by another user is recorded again (the reference upserts), with the new creator', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 50 }));
    world.advance(10);
    sendAllowed(world, fev.roomCreate('r1', 'other', { capacity: 30 }));
    expect(world.state.chatRooms.get('r1')).toMatchObject({ creator: 'other', limit: 30, createdAt: T0 + 10_000 });
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'other', limit: 30 });
  });

  it('a room deleted can be created again: the tombstone goes, IS_EXIST answers again, counts start over', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 50 }));
    isExistInfo(world, 'r1');
    sendAllowed(world, fev.roomDelete('r1', 'host'));
    sendDenied(world, fev.isExist('r1', 'v1'), 'chatRoomDeleted');
    world.advance(60);
    const { decision } = sendAllowed(world, fev.roomCreate('r1', 'host2', { capacity: 40 }));
    expect(decision.reason).toContain('re-created after delete');
    const room = world.state.chatRooms.get('r1');
    expect(room).toMatchObject({ creator: 'host2', limit: 40, adopted: false, askedCount: 0, createdAt: T0 + 60_000 });
    expect(room?.deletedAt).toBeUndefined();
    expect(room?.deletedBy).toBeUndefined();
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host2', limit: 40 });
  });

  it('a room first adopted through IS_EXIST becomes real at its CREATE: real creator and limit, first-seen time and asks kept', () => {
    const world = new World({ chatRoomPlaceholderCreator: 'nobody' });
    expect(isExistInfo(world, 'r1', 'v1')).toEqual({ creator: 'nobody', limit: 100 });
    world.advance(30);
    expect(isExistInfo(world, 'r1', 'v2')).toEqual({ creator: 'nobody', limit: 100 });
    world.advance(30);
    const { decision } = sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 12, name: 'show' }));
    expect(decision.reason).toContain('adopted room now created');
    expect(world.state.chatRooms.get('r1')).toMatchObject({
      creator: 'host',
      limit: 12,
      name: 'show',
      type: 'PUBLIC',
      adopted: false,
      createdAt: T0,
      askedCount: 2,
      lastAskedAt: T0 + 30_000,
    });
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host', limit: 12 });
    // No longer adopted: a non-creator's DELETE now keeps it.
    sendAllowed(world, fev.roomDelete('r1', 'v1'));
    expect(world.state.chatRooms.get('r1')?.deletedAt).toBeUndefined();
  });

  it('an older build\'s listType files the room under that list', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { listType: 3 }));
    expect(world.state.chatRooms.get('r1')?.lists).toEqual([3]);
    expect(objectData(sendAllowed(world, fev.queryRooms([3])).data).roomIdList).toBe('r1');
  });
});

describe('AEC_CHATROOM_IS_EXIST', () => {
  it('a known room: "<creator>,<limit>", and every ask is counted with its time', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('a4a8_KS9sWt36ttn', '892500', { capacity: 100 }));
    const { data, decision } = sendAllowed(world, fev.isExist('a4a8_KS9sWt36ttn', '577175'));
    expect(data).toBe('892500,100');
    expect(decision.reply).toEqual({ kind: 'roomInfo', creator: '892500', limit: 100 });
    world.advance(20);
    isExistInfo(world, 'a4a8_KS9sWt36ttn', 'v2');
    expect(world.state.chatRooms.get('a4a8_KS9sWt36ttn')).toMatchObject({ askedCount: 2, lastAskedAt: T0 + 20_000 });
  });

  it('an IS_EXIST without a joiner (older builds) is answered the same', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 9 }));
    expect(roomInfo(sendAllowed(world, fev.isExist('r1')).data)).toEqual({ creator: 'host', limit: 9 });
  });

  it('an unknown room is adopted with the creator of the live channel made with that roomId', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch1', 'host', { roomId: 'r1' }));
    expect(isExistInfo(world, 'r1', 'v1')).toEqual({ creator: 'host', limit: 100 });
    expect(world.state.chatRooms.get('r1')).toMatchObject({ creator: 'host', adopted: true, type: 'unknown', limit: 100, askedCount: 1, lastAskedAt: T0 });
  });

  it('of several live channels with that roomId, the newest one names the creator', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch-old', 'old-host', { roomId: 'r1' }));
    world.advance(60);
    world.send(ev.create('LOGIN_PUBLIC', 'ch-new', 'new-host', { roomId: 'r1' }));
    world.send(ev.create('GLOBAL_PUBLIC', 'ch-other', 'someone', { roomId: 'r2' }));
    expect(isExistInfo(world, 'r1').creator).toBe('new-host');
  });

  it('an unknown room without a live channel gets the placeholder creator and the default limit', () => {
    const world = new World({ chatRoomPlaceholderCreator: 'studio-placeholder', defaultChatRoomLimit: 321 });
    world.send(ev.create('GLOBAL_PUBLIC', 'ch1', 'host', { roomId: 'another-room' }));
    expect(isExistInfo(world, 'r1', 'v1')).toEqual({ creator: 'studio-placeholder', limit: 321 });
    expect(isExistInfo(world, 'r1', 'v2')).toEqual({ creator: 'studio-placeholder', limit: 321 });
    expect(world.state.chatRooms.get('r1')).toMatchObject({ adopted: true, creator: 'studio-placeholder', type: 'unknown', askedCount: 2 });
  });

  it('a placeholder with a comma or quote still reads as exactly two parts', () => {
    const world = new World({ chatRoomPlaceholderCreator: 'desk "A", 2' });
    const info = isExistInfo(world, 'r1');
    expect(decodeURIComponent(info.creator)).toBe('desk "A", 2');
    expect(info.limit).toBe(100);
  });

  it('with adoption off an unknown room is refused and nothing is recorded', () => {
    const world = new World({ adoptUnknownChatRooms: false });
    world.send(ev.create('GLOBAL_PUBLIC', 'ch1', 'host', { roomId: 'r1' }));
    sendDenied(world, fev.isExist('r1', 'v1'), 'chatRoomUnknown', { mentions: ['r1'] });
    expect(world.state.chatRooms.size).toBe(0);
    // A room we know is still answered.
    sendAllowed(world, fev.roomCreate('r2', 'host'));
    expect(isExistInfo(world, 'r2').creator).toBe('host');
  });

  it('a deleted room is refused, whoever asks', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    sendAllowed(world, fev.roomDelete('r1', 'host'));
    sendDenied(world, fev.isExist('r1', 'v1'), 'chatRoomDeleted', { mentions: ['r1', 'user:host'] });
    sendDenied(world, fev.isExist('r1', 'host'), 'chatRoomDeleted');
    sendDenied(world, fev.isExist('r1'), 'chatRoomDeleted');
  });

  it('a deleted adopted room is not adopted again', () => {
    const world = new World();
    isExistInfo(world, 'r1');
    operatorDone(world.operate({ kind: 'deleteChatRoom', roomId: 'r1' }));
    sendDenied(world, fev.isExist('r1', 'v1'), 'chatRoomDeleted', { mentions: ['operator'] });
    expect(world.state.chatRooms.get('r1')?.deletedBy).toBe('operator');
  });

  it('a banned joiner is refused with CHATROOM_ERRID_LOGIN_FAILED and not counted', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    ban(world, 'v1');
    sendDenied(world, fev.isExist('r1', 'v1'), 'userBanned', { name: 'CHATROOM_ERRID_LOGIN_FAILED', mentions: ['v1'] });
    expect(world.state.chatRooms.get('r1')?.askedCount).toBe(0);
    // A banned joiner of an unknown room adopts nothing either.
    sendDenied(world, fev.isExist('r-unknown', 'v1'), 'userBanned');
    expect(world.state.chatRooms.has('r-unknown')).toBe(false);
    // Others still join.
    isExistInfo(world, 'r1', 'v2');
  });
});

describe('AEC_CHATROOM_DELETE', () => {
  it('the creator\'s delete tombstones the room: "1", kept as a record, no longer listed', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { listType: 1 }));
    world.advance(90);
    const { data } = sendAllowed(world, fev.roomDelete('r1', 'host'));
    expect(data).toBe('ok');
    expect(world.state.chatRooms.get('r1')).toMatchObject({ deletedAt: T0 + 90_000, deletedBy: 'user:host', creator: 'host' });
    expect(objectData(sendAllowed(world, fev.queryRooms()).data)).toEqual({});
  });

  it('a second delete is a "1" that changes nothing', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    sendAllowed(world, fev.roomDelete('r1', 'host'));
    world.advance(10);
    expect(sendAllowed(world, fev.roomDelete('r1', 'host')).decision.changes).toEqual([]);
    expect(world.state.chatRooms.get('r1')?.deletedAt).toBe(T0);
  });

  it('a non-creator gets "1" as from the reference, and the room is kept', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 5 }));
    const { decision } = sendAllowed(world, fev.roomDelete('r1', 'intruder'));
    expect(decision.changes).toEqual([]);
    expect(decision.reason).toContain('not the creator');
    expect(world.state.chatRooms.get('r1')?.deletedAt).toBeUndefined();
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host', limit: 5 });
  });

  it('an unknown room: "1", and nothing is recorded', () => {
    const world = new World();
    expect(sendAllowed(world, fev.roomDelete('nope', 'host')).decision.changes).toEqual([]);
    expect(world.state.chatRooms.size).toBe(0);
  });

  it('a room adopted with a guessed creator may be deleted by the user who really made it', () => {
    const world = new World();
    isExistInfo(world, 'r1');
    sendAllowed(world, fev.roomDelete('r1', 'real-host'));
    expect(world.state.chatRooms.get('r1')?.deletedBy).toBe('user:real-host');
  });

  it('a DELETE without a userId (older builds) deletes, filed as the media server\'s', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    sendAllowed(world, fev.roomDelete('r1'));
    expect(world.state.chatRooms.get('r1')?.deletedBy).toBe('media server');
  });
});

describe('AEC_CHATROOM_SEND_MSG (not sent by 2.9.6)', () => {
  it('is a "1" that records nothing', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    const before = structuredClone(world.state.chatRooms);
    expect(sendAllowed(world, fev.sendMsg('r1', 'v1')).decision.changes).toEqual([]);
    expect(sendAllowed(world, fev.sendMsg('unknown-room')).data).toBe('ok');
    expect(world.state.chatRooms).toEqual(before);
  });

  it('a banned sender\'s message is refused with CHATROOM_ERRID_LOGIN_FAILED', () => {
    const world = new World();
    ban(world, 'v1');
    sendDenied(world, fev.sendMsg('r1', 'v1'), 'userBanned', { name: 'CHATROOM_ERRID_LOGIN_FAILED', mentions: ['v1'] });
  });
});

describe('AEC_CHATROOM_SAVE_TO_CHATROOM_LIST and DEL_FROM_CHATROOM_LIST (older builds)', () => {
  it('file the room under a list type and take it off again, each a "1"', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    sendAllowed(world, fev.saveToList('r1', 2, 'host'));
    sendAllowed(world, fev.saveToList('r1', 1, 'host'));
    expect(world.state.chatRooms.get('r1')?.lists).toEqual([1, 2]);
    const again = sendAllowed(world, fev.saveToList('r1', 2, 'host'));
    expect(world.state.chatRooms.get('r1')?.lists).toEqual([1, 2]);
    expect(again.data).toBe('ok');
    sendAllowed(world, fev.delFromList('r1', 2, 'host'));
    expect(world.state.chatRooms.get('r1')?.lists).toEqual([1]);
    sendAllowed(world, fev.delFromList('r1', 7, 'host'));
    expect(world.state.chatRooms.get('r1')?.lists).toEqual([1]);
  });

  it('a list change for an unknown room is a "1" that records nothing', () => {
    const world = new World();
    expect(sendAllowed(world, fev.saveToList('nope', 1)).decision.changes).toEqual([]);
    expect(sendAllowed(world, fev.delFromList('nope', 1)).decision.changes).toEqual([]);
    expect(world.state.chatRooms.size).toBe(0);
  });
});

describe('AEC_CHATROOM_QUERY_ALL_CHATROOM_LIST (older builds)', () => {
  /** The web SDK decodes and JSON-parses each userDefineDataList item. */
  function sdkItems(data: Record<string, string>): unknown[] {
    return (data.userDefineDataList ?? '').split(',').map((item) => JSON.parse(decodeURIComponent(item)) as unknown);
  }

  function filed(): World {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r0', 'u0', { listType: 0, name: 'zero' }));
    sendAllowed(world, fev.roomCreate('r1', 'u1', { listType: 1, name: 'one' }));
    sendAllowed(world, fev.roomCreate('r2', 'u2', { name: 'none' }));
    sendAllowed(world, fev.saveToList('r2', 1));
    sendAllowed(world, fev.saveToList('r2', 2));
    return world;
  }

  it('no rooms: a flat empty object, every key left out', () => {
    const world = new World();
    expect(objectData(sendAllowed(world, fev.queryRooms([0])).data)).toEqual({});
    expect(objectData(sendAllowed(world, fev.queryRooms()).data)).toEqual({});
  });

  it('the rooms of the asked list types, parallel lists the web SDK reads item by item', () => {
    const world = filed();
    const data = objectData(sendAllowed(world, fev.queryRooms([1])).data);
    expect(data.roomIdList).toBe('r1,r2');
    expect(data.creatorList).toBe('u1,u2');
    expect(sdkItems(data)).toEqual([
      { id: 'r1', creator: 'u1', name: 'one' },
      { id: 'r2', creator: 'u2', name: 'none' },
    ]);
    expect(objectData(sendAllowed(world, fev.queryRooms([0])).data).roomIdList).toBe('r0');
    expect(objectData(sendAllowed(world, fev.queryRooms([0, 2])).data).roomIdList).toBe('r0,r2');
    expect(objectData(sendAllowed(world, fev.queryRooms([9])).data)).toEqual({});
  });

  it('no list types asked: every room', () => {
    const world = filed();
    sendAllowed(world, fev.roomCreate('r3', 'u3'));
    expect(objectData(sendAllowed(world, fev.queryRooms()).data).roomIdList).toBe('r0,r1,r2,r3');
  });

  it('deleted rooms are left out', () => {
    const world = filed();
    sendAllowed(world, fev.roomDelete('r1', 'u1'));
    expect(objectData(sendAllowed(world, fev.queryRooms([1])).data).roomIdList).toBe('r2');
  });

  it('names with commas, quotes and braces do not break the lists or the flat object', () => {
    const world = new World();
    const name = 'Q&A, "live" {1}';
    sendAllowed(world, fev.roomCreate('r1', 'u1', { name, listType: 0 }));
    sendAllowed(world, fev.roomCreate('r2', 'u2', { name: 'b,c', listType: 0 }));
    const data = objectData(sendAllowed(world, fev.queryRooms([0])).data);
    expect(data.userDefineDataList?.split(',')).toHaveLength(2);
    expect(sdkItems(data)).toEqual([
      { id: 'r1', creator: 'u1', name },
      { id: 'r2', creator: 'u2', name: 'b,c' },
    ]);
  });
});

describe('the operator\'s levers on chat rooms', () => {
  it('deleteChatRoom tombstones the room: its next IS_EXIST is refused', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    world.advance(5);
    const outcome = operatorDone(world.operate({ kind: 'deleteChatRoom', roomId: 'r1' }));
    expect(outcome.message).toContain('refused');
    expect(world.state.chatRooms.get('r1')).toMatchObject({ deletedAt: T0 + 5000, deletedBy: 'operator' });
    sendDenied(world, fev.isExist('r1', 'v1'), 'chatRoomDeleted', { mentions: ['operator'] });
  });

  it('deleteChatRoom on a deleted room succeeds without changes; on an unknown room it is not_found', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host'));
    sendAllowed(world, fev.roomDelete('r1', 'host'));
    expect(operatorDone(world.operate({ kind: 'deleteChatRoom', roomId: 'r1' })).changes).toEqual([]);
    expect(world.state.chatRooms.get('r1')?.deletedBy).toBe('user:host');
    expect(operatorFailed(world.operate({ kind: 'deleteChatRoom', roomId: 'nope' }), 'not_found')).toContain('nope');
  });

  it('setChatRoomLimit: the media server is told the new limit when it next asks', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 100 }));
    operatorDone(world.operate({ kind: 'setChatRoomLimit', roomId: 'r1', limit: 65_535 }));
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host', limit: 65_535 });
    operatorDone(world.operate({ kind: 'setChatRoomLimit', roomId: 'r1', limit: 1 }));
    expect(isExistInfo(world, 'r1')).toEqual({ creator: 'host', limit: 1 });
  });

  it.each([0, -1, 65_536, 2.5, Number.NaN])('setChatRoomLimit %s is a bad_request and the limit stays', (limit) => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 40 }));
    expect(operatorFailed(world.operate({ kind: 'setChatRoomLimit', roomId: 'r1', limit }), 'bad_request')).toContain('65535');
    expect(isExistInfo(world, 'r1').limit).toBe(40);
  });

  it('setChatRoomLimit on an unknown room is not_found, on a deleted room a conflict', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r1', 'host', { capacity: 40 }));
    sendAllowed(world, fev.roomDelete('r1', 'host'));
    expect(operatorFailed(world.operate({ kind: 'setChatRoomLimit', roomId: 'nope', limit: 5 }), 'not_found')).toContain('nope');
    expect(operatorFailed(world.operate({ kind: 'setChatRoomLimit', roomId: 'r1', limit: 5 }), 'conflict')).toContain('deleted');
    expect(world.state.chatRooms.get('r1')?.limit).toBe(40);
  });
});

describe('any sequence of chat-room events and operator commands', () => {
  const users = ['u1', 'u2', 'u3'];
  const rooms = ['r1', 'r2', 'r3'];
  const user = fc.constantFrom(...users);
  const room = fc.constantFrom(...rooms);
  type Step = { event: AecEvent } | { command: OperatorCommand } | { advance: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ room, user, capacity: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 70_000 })), listType: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }).map(
      ({ room, user, capacity, listType }) => ({ event: fev.roomCreate(room, user, listType !== undefined ? { capacity, listType } : { capacity }) }),
    ),
    fc.tuple(room, fc.option(user, { nil: undefined })).map(([r, u]) => ({ event: fev.isExist(r, u) })),
    fc.tuple(room, fc.option(user, { nil: undefined })).map(([r, u]) => ({ event: fev.roomDelete(r, u) })),
    fc.tuple(room, user).map(([r, u]) => ({ event: fev.sendMsg(r, u) })),
    fc.tuple(room, fc.integer({ min: 0, max: 3 })).map(([r, t]) => ({ event: fev.saveToList(r, t) })),
    fc.tuple(room, fc.integer({ min: 0, max: 3 })).map(([r, t]) => ({ event: fev.delFromList(r, t) })),
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }).map((types) => ({ event: fev.queryRooms(types) })),
    fc.tuple(room, user).map(([r, u]) => ({ event: ev.create('GLOBAL_PUBLIC', `ch-${r}-${u}`, u, { roomId: r }) })),
    room.map((roomId) => ({ command: { kind: 'deleteChatRoom', roomId } as OperatorCommand })),
    fc.tuple(room, fc.integer({ min: -1, max: 70_000 })).map(([roomId, limit]) => ({ command: { kind: 'setChatRoomLimit', roomId, limit } as OperatorCommand })),
    user.map((userId) => ({ command: { kind: 'ban', userId, durationSeconds: 120, reason: 'p' } as OperatorCommand })),
    user.map((userId) => ({ command: { kind: 'liftBan', userId } as OperatorCommand })),
    fc.integer({ min: 0, max: 200 }).map((advance) => ({ advance })),
  );

  it('keep limits in 1–65535, never answer IS_EXIST for a deleted room, and every reply passes the 2.9.6 parser', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), fc.boolean(), (steps, adopt) => {
        const world = new World({ adoptUnknownChatRooms: adopt });
        for (const s of steps) {
          if ('advance' in s) world.advance(s.advance);
          else if ('command' in s) world.operate(s.command);
          else {
            const event = s.event;
            const deletedBefore = event.kind === 'chatRoomIsExist' && world.state.chatRooms.get(event.roomId)?.deletedAt !== undefined;
            const decision = world.send(event);
            const reading = onWire(decision, event);
            expect(reading.kind, JSON.stringify(reading)).toBe(decision.allow ? 'success' : 'failure');
            if (deletedBefore) expect(decision.allow).toBe(false);
            if (event.kind === 'chatRoomIsExist' && decision.allow) {
              const info = roomInfo(reading.kind === 'success' ? reading.data : null);
              expect(info.limit).toBeGreaterThanOrEqual(1);
              expect(info.limit).toBeLessThanOrEqual(65_535);
            }
          }
          expectFamiliesConsistent(world.state, world.settings, world.now);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('rooms adopted with a known creator, and asks for deleted rooms', () => {
  it('a room adopted with the creator of its live channel is deleted only by that creator', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch1', 'host', { roomId: 'r9' }));
    sendAllowed(world, fev.isExist('r9', 'fan'));
    expect(world.state.chatRooms.get('r9')).toMatchObject({ adopted: true, creator: 'host' });
    sendAllowed(world, fev.roomDelete('r9', 'fan'));
    expect(world.state.chatRooms.get('r9')?.deletedAt).toBeUndefined();
    sendAllowed(world, fev.roomDelete('r9', 'host'));
    expect(world.state.chatRooms.get('r9')?.deletedAt).toBeDefined();
  });

  it('a room adopted with the placeholder creator may be deleted by anyone: its creator is not known', () => {
    const world = new World();
    sendAllowed(world, fev.isExist('r8', 'fan'));
    sendAllowed(world, fev.roomDelete('r8', 'someone'));
    expect(world.state.chatRooms.get('r8')?.deletedAt).toBeDefined();
  });

  it('an IS_EXIST for a deleted room is refused and still counted, so the operator sees people trying', () => {
    const world = new World();
    sendAllowed(world, fev.roomCreate('r7', 'host'));
    sendAllowed(world, fev.roomDelete('r7', 'host'));
    sendDenied(world, fev.isExist('r7', 'fan'), 'chatRoomDeleted');
    expect(world.state.chatRooms.get('r7')).toMatchObject({ askedCount: 1 });
  });
});
