// Groups (aec-media-server-2.9.6.md §3, §9): we hand out group ids (never twice) and keep members
// and do-not-disturb lists; the group server asks for them again (SYNC_ALL) after each restart.
// Every answer is read back through the port of the 2.9.6 reply parser.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, type AecEvent, type Change, type OperatorCommand, type State } from '../../server/domain';
import { FIRST_GROUP_ID } from '../../server/domain/group/model';
import { parseEvent } from '../../server/protocol';
import { stateFromJson, stateToJson } from '../../server/store';
import {
  expectAllow,
  expectFamiliesConsistent,
  fev,
  objectData,
  onWire,
  operatorDone,
  sendAllowed,
  sendDenied,
  stringData,
  T0,
  World,
} from './domain-helpers';

const FIRST = String(FIRST_GROUP_ID);

/** Creates a group and returns its id as the media server reads it. */
function create(world: World, creator: string, members: string[] = [], name?: string): string {
  const id = stringData(sendAllowed(world, fev.groupCreate(creator, members, name)).data);
  expect(id).toMatch(/^\d+$/);
  return id;
}

/** SYNC_ALL's snapshot as groupServer reads it. */
function synced(world: World, groupId: string): Record<string, string> {
  return objectData(sendAllowed(world, fev.syncAll(groupId)).data);
}

function ban(world: World, userId: string): void {
  operatorDone(world.operate({ kind: 'ban', userId, durationSeconds: null, reason: 'spam' }));
}

/** Through the snapshot file: state -> JSON text -> state. */
function throughSnapshot(state: State): State {
  return stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))));
}

describe('the requests of §3 parse into the events these tests send', () => {
  it('CREATE, SYNC_ALL, ADD_USER_AND_SYNC_ALL, REMOVE_USER, SET_GROUP_PUSH_IGNORE, PUSH_SYSTEM_GROUP_MSG', () => {
    expect(parseEvent('{"ts":"1561096441","action":"AEC_GROUP_CREATE","userId":"892500","addUsers":"892500","userDefineData":"888"}')).toMatchObject({
      ok: true,
      event: fev.groupCreate('892500', ['892500'], '888'),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_GROUP_SYNC_ALL","groupId":"100382"}')).toMatchObject({ ok: true, event: fev.syncAll('100382') });
    expect(parseEvent('{"ts":"1","action":"AEC_GROUP_ADD_USER_AND_SYNC_ALL","userId":"892500","groupId":"100382","addUsers":"500660,577175"}')).toMatchObject({
      ok: true,
      event: fev.addUsers('100382', '892500', ['500660', '577175'], true),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_GROUP_REMOVE_USER","userId":"892500","groupId":"100382","removeUsers":"500660"}')).toMatchObject({
      ok: true,
      event: fev.removeUsers('100382', '892500', ['500660']),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_SET_GROUP_PUSH_IGNORE","userId":"577175","groupId":"100382"}')).toMatchObject({
      ok: true,
      event: fev.pushIgnore(true, '100382', '577175'),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_UNSET_GROUP_PUSH_IGNORE_AND_SYNC_ALL","userId":"577175","groupId":"100382"}')).toMatchObject({
      ok: true,
      event: fev.pushIgnore(false, '100382', '577175', true),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_GROUP_PUSH_SYSTEM_GROUP_MSG","userId":"577175","groupId":"100382"}')).toMatchObject({
      ok: true,
      event: fev.pushGroupMsg('100382', '577175'),
    });
  });
});

describe('AEC_GROUP_CREATE', () => {
  it('answers the new numeric id as a string and records the group, the creator first among its members', () => {
    const world = new World();
    const { decision, data } = sendAllowed(world, fev.groupCreate('892500', ['500660', '892500', '577175', '500660'], 'team'));
    expect(data).toBe(FIRST);
    expect(decision.reply).toEqual({ kind: 'groupId', groupId: FIRST });
    expect(world.state.groups.get(FIRST)).toEqual({
      id: FIRST,
      name: 'team',
      creator: '892500',
      members: ['892500', '500660', '577175'],
      ignore: [],
      createdAt: T0,
      syncCount: 0,
    });
    expect(world.state.nextGroupId).toBe(FIRST_GROUP_ID + 1);
  });

  it('adds the creator when addUsers leaves them out', () => {
    const world = new World();
    const id = create(world, 'boss', ['a', 'b']);
    expect(synced(world, id)).toEqual({ groupList: 'boss,a,b' });
  });

  it('every create gets a new id', () => {
    const world = new World();
    const ids = [create(world, 'u1'), create(world, 'u1'), create(world, 'u2', ['u1'])];
    expect(ids).toEqual([FIRST, String(FIRST_GROUP_ID + 1), String(FIRST_GROUP_ID + 2)]);
  });

  it('an id is never handed out again after its group is deleted', () => {
    const world = new World();
    const first = create(world, 'u1');
    const second = create(world, 'u1');
    sendAllowed(world, fev.groupDelete(second, 'u1'));
    sendAllowed(world, fev.groupDelete(first, 'u1'));
    const third = create(world, 'u1');
    expect([first, second]).not.toContain(third);
    expect(Number(third)).toBeGreaterThan(Number(second));
  });

  it('an id is never handed out again after a restart: snapshot, then the journal replayed on it', () => {
    const world = new World();
    const before = [create(world, 'u1'), create(world, 'u2')];
    const snapshot = JSON.stringify(stateToJson(world.state));
    // After the snapshot: more groups, one deleted; the journal holds their changes.
    const journal: Change[] = [];
    for (const event of [fev.groupCreate('u3'), fev.groupCreate('u4'), fev.groupDelete(String(FIRST_GROUP_ID + 3), 'u4')]) {
      journal.push(...expectAllow(world.send(event)).changes);
    }
    const after = [String(FIRST_GROUP_ID + 2), String(FIRST_GROUP_ID + 3)];
    const restarted = new World();
    restarted.state = stateFromJson(JSON.parse(snapshot));
    applyChanges(restarted.state, JSON.parse(JSON.stringify(journal)) as Change[]);
    expect(restarted.state).toStrictEqual(world.state);
    const next = create(restarted, 'u5');
    expect([...before, ...after]).not.toContain(next);
    // The deleted group stays unknown to the group server after the restart.
    sendDenied(restarted, fev.syncAll(String(FIRST_GROUP_ID + 3)), 'groupUnknown');
  });

  it('an id is never handed out again after a restart from a snapshot alone, even when the newest group was deleted', () => {
    const world = new World();
    create(world, 'u1');
    const newest = create(world, 'u1');
    sendAllowed(world, fev.groupDelete(newest, 'u1'));
    const restarted = new World();
    restarted.state = throughSnapshot(world.state);
    expect(Number(create(restarted, 'u2'))).toBeGreaterThan(Number(newest));
  });

  it('refuses a group with more members than groupMaxMembers, and changes nothing (no id used up)', () => {
    const world = new World({ groupMaxMembers: 3 });
    const { decision } = sendDenied(world, fev.groupCreate('boss', ['a', 'b', 'c']), 'tooManyMembers', { mentions: ['4', '3'] });
    expect(decision.changes).toEqual([]);
    expect(world.state.groups.size).toBe(0);
    expect(world.state.nextGroupId).toBe(FIRST_GROUP_ID);
    // Exactly the limit, the creator counted once, is fine; and gets the first id.
    expect(create(world, 'boss', ['a', 'boss', 'b'])).toBe(FIRST);
  });

  it('refuses a banned creator and changes nothing', () => {
    const world = new World();
    ban(world, 'boss');
    const { decision } = sendDenied(world, fev.groupCreate('boss', ['a']), 'userBanned', { name: 'CHATROOM_ERRID_LOGIN_FAILED', mentions: ['boss'] });
    expect(decision.changes).toEqual([]);
    expect(world.state.groups.size).toBe(0);
    expect(world.state.nextGroupId).toBe(FIRST_GROUP_ID);
  });

  it('carries an undo for when it is not on disk in time: the group goes, the id stays used', () => {
    const world = new World();
    const decision = expectAllow(world.send(fev.groupCreate('boss', ['a'])));
    expect(decision.mustBeDurable).toBeDefined();
    expect(decision.mustBeDurable?.reason).toContain('never handed out twice');
    // As the monitor does: the create's changes are already applied; the undo is queued behind them.
    applyChanges(world.state, decision.mustBeDurable?.changes ?? []);
    expect(world.state.groups.get(FIRST)?.deletedAt).toBe(T0);
    sendDenied(world, fev.syncAll(FIRST), 'groupUnknown');
    expect(create(world, 'boss')).toBe(String(FIRST_GROUP_ID + 1));
  });

  it('other group answers carry no undo: only a new id must be on disk first', () => {
    const world = new World();
    const id = create(world, 'boss', ['a']);
    for (const event of [fev.syncAll(id), fev.addUsers(id, 'boss', ['b'], true), fev.pushIgnore(true, id, 'a'), fev.groupDelete(id, 'boss')]) {
      expect(expectAllow(world.send(event)).mustBeDurable).toBeUndefined();
    }
  });
});

describe('AEC_GROUP_SYNC_ALL', () => {
  it('hands over the members as a flat object, groupList always, ignoreList left out when empty', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2', 'u3']);
    world.advance(7);
    const { decision, data } = sendAllowed(world, fev.syncAll(id));
    expect(data).toEqual({ groupList: 'u1,u2,u3' });
    expect(decision.reply).toEqual({ kind: 'members', members: ['u1', 'u2', 'u3'], ignore: [] });
    expect(world.state.groups.get(id)).toMatchObject({ syncCount: 1, lastSyncAt: T0 + 7000 });
  });

  it('with do-not-disturb on: ignoreList names those members', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2', 'u3']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u3'));
    sendAllowed(world, fev.pushIgnore(true, id, 'u1'));
    expect(synced(world, id)).toEqual({ groupList: 'u1,u2,u3', ignoreList: 'u3,u1' });
  });

  it('a group of the creator alone still sends groupList', () => {
    const world = new World();
    const id = create(world, 'solo');
    expect(synced(world, id)).toEqual({ groupList: 'solo' });
  });

  it('an unknown group: "0" with GROUPPUSH_ERRID_USERID_IS_NOT_IN_GROUP', () => {
    const world = new World();
    sendDenied(world, fev.syncAll('123'), 'groupUnknown', { name: 'GROUPPUSH_ERRID_USERID_IS_NOT_IN_GROUP', mentions: ['123'] });
  });

  it('a deleted group: "0", and the reason says it was deleted', () => {
    const world = new World();
    const id = create(world, 'u1');
    sendAllowed(world, fev.groupDelete(id, 'u1'));
    sendDenied(world, fev.syncAll(id), 'groupUnknown', { mentions: ['deleted'] });
  });
});

describe('AEC_GROUP_DEL', () => {
  it('the creator deletes: "1", tombstoned, and the group is unknown to every later action', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    world.advance(3);
    expect(sendAllowed(world, fev.groupDelete(id, 'u1')).data).toBe('ok');
    expect(world.state.groups.get(id)).toMatchObject({ deletedAt: T0 + 3000, deletedBy: 'user:u1' });
    sendDenied(world, fev.addUsers(id, 'u1', ['u3']), 'groupUnknown');
    sendDenied(world, fev.removeUsers(id, 'u1', ['u2'], true), 'groupUnknown');
    sendDenied(world, fev.pushIgnore(true, id, 'u2'), 'groupUnknown');
    sendDenied(world, fev.userList(id, 'u2'), 'groupUnknown');
    expect(objectData(sendAllowed(world, fev.groupList('u2')).data)).toEqual({});
    // Deleting again: the group is gone.
    sendDenied(world, fev.groupDelete(id, 'u1'), 'groupUnknown');
  });

  it('anyone else: "0" with CHATROOM_ERRID_NO_AUTH (only the creator), and the group stays', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    sendDenied(world, fev.groupDelete(id, 'u2'), 'notCreator', { name: 'CHATROOM_ERRID_NO_AUTH', mentions: ['u2', 'u1'] });
    expect(world.state.groups.get(id)?.deletedAt).toBeUndefined();
    expect(synced(world, id)).toEqual({ groupList: 'u1,u2' });
  });

  it('an unknown group: "0"', () => {
    const world = new World();
    sendDenied(world, fev.groupDelete('100999', 'u1'), 'groupUnknown');
  });
});

describe('AEC_GROUP_ADD_USER and AEC_GROUP_ADD_USER_AND_SYNC_ALL', () => {
  it('plain: "1", the new members appended in order, none twice', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    const { data, decision } = sendAllowed(world, fev.addUsers(id, 'u1', ['u3', 'u2', 'u4', 'u3']));
    expect(data).toBe('ok');
    expect(decision.changes.some((change) => change.op === 'groupSynced')).toBe(false);
    expect(world.state.groups.get(id)?.members).toEqual(['u1', 'u2', 'u3', 'u4']);
  });

  it('AND_SYNC_ALL: the reply is the new snapshot (an "ok" would be a format error for 2.9.6)', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u2'));
    const { data } = sendAllowed(world, fev.addUsers(id, 'u1', ['u3'], true));
    expect(data).toEqual({ groupList: 'u1,u2,u3', ignoreList: 'u2' });
    expect(world.state.groups.get(id)?.syncCount).toBe(1);
  });

  it('adding members already in: "1" with no change; AND_SYNC_ALL still sends the snapshot', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    expect(sendAllowed(world, fev.addUsers(id, 'u1', ['u2', 'u1'])).decision.changes).toEqual([]);
    const sync = sendAllowed(world, fev.addUsers(id, 'u1', ['u2'], true));
    expect(sync.data).toEqual({ groupList: 'u1,u2' });
    expect(sync.decision.changes.map((change) => change.op)).toEqual(['groupSynced']);
  });

  it('more members than groupMaxMembers: the whole request is refused, nobody added', () => {
    const world = new World({ groupMaxMembers: 3 });
    const id = create(world, 'u1', ['u2']);
    for (const syncAll of [false, true]) {
      const { decision } = sendDenied(world, fev.addUsers(id, 'u1', ['u3', 'u4'], syncAll), 'tooManyMembers', { mentions: [id] });
      expect(decision.changes).toEqual([]);
      expect(world.state.groups.get(id)?.members).toEqual(['u1', 'u2']);
    }
    sendAllowed(world, fev.addUsers(id, 'u1', ['u3']));
    expect(world.state.groups.get(id)?.members).toEqual(['u1', 'u2', 'u3']);
  });

  it('an unknown group: "0" with GROUPPUSH_ERRID_USERID_IS_NOT_IN_GROUP', () => {
    const world = new World();
    for (const syncAll of [false, true]) {
      sendDenied(world, fev.addUsers('100500', 'u1', ['u2'], syncAll), 'groupUnknown', { name: 'GROUPPUSH_ERRID_USERID_IS_NOT_IN_GROUP' });
    }
    expect(world.state.groups.size).toBe(0);
  });
});

describe('AEC_GROUP_REMOVE_USER and AEC_GROUP_REMOVE_USER_AND_SYNC_ALL', () => {
  it('plain: "1", the members removed, and their do-not-disturb with them', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2', 'u3', 'u4']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u3'));
    sendAllowed(world, fev.pushIgnore(true, id, 'u4'));
    expect(sendAllowed(world, fev.removeUsers(id, 'u1', ['u3', 'u2'])).data).toBe('ok');
    expect(world.state.groups.get(id)).toMatchObject({ members: ['u1', 'u4'], ignore: ['u4'] });
  });

  it('a member quitting removes themselves', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    sendAllowed(world, fev.removeUsers(id, 'u2', ['u2']));
    expect(world.state.groups.get(id)?.members).toEqual(['u1']);
  });

  it('AND_SYNC_ALL down to the creator alone: groupList still sent, ignoreList left out', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2', 'u3']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u2'));
    const { data } = sendAllowed(world, fev.removeUsers(id, 'u1', ['u2', 'u3'], true));
    expect(data).toEqual({ groupList: 'u1' });
  });

  it('removing users who are not members: "1" with nothing changed', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    expect(sendAllowed(world, fev.removeUsers(id, 'u1', ['stranger'])).decision.changes).toEqual([]);
    expect(world.state.groups.get(id)?.members).toEqual(['u1', 'u2']);
  });

  it('the creator among those removed: the whole request refused with CHATROOM_ERRID_NO_AUTH, nobody removed', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2', 'u3']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u2'));
    for (const syncAll of [false, true]) {
      const { decision } = sendDenied(world, fev.removeUsers(id, 'u2', ['u2', 'u1', 'u3'], syncAll), 'groupCreatorStays', {
        name: 'CHATROOM_ERRID_NO_AUTH',
        mentions: ['u1', id],
      });
      expect(decision.changes).toEqual([]);
    }
    expect(world.state.groups.get(id)).toMatchObject({ members: ['u1', 'u2', 'u3'], ignore: ['u2'], syncCount: 0 });
  });

  it('an unknown group: "0"', () => {
    const world = new World();
    sendDenied(world, fev.removeUsers('100500', 'u1', ['u2'], true), 'groupUnknown');
  });
});

describe('AEC_SET/UNSET_GROUP_PUSH_IGNORE (and their AND_SYNC_ALL)', () => {
  it('SET: a member\'s do-not-disturb on; again, "1" with no change', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    expect(sendAllowed(world, fev.pushIgnore(true, id, 'u2')).data).toBe('ok');
    expect(world.state.groups.get(id)?.ignore).toEqual(['u2']);
    expect(sendAllowed(world, fev.pushIgnore(true, id, 'u2')).decision.changes).toEqual([]);
    expect(world.state.groups.get(id)?.ignore).toEqual(['u2']);
  });

  it('SET AND_SYNC_ALL: the snapshot names the member in ignoreList', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    expect(sendAllowed(world, fev.pushIgnore(true, id, 'u2', true)).data).toEqual({ groupList: 'u1,u2', ignoreList: 'u2' });
  });

  it('UNSET: off again; when it was off, "1" with no change; AND_SYNC_ALL leaves out the empty ignoreList', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u2'));
    expect(sendAllowed(world, fev.pushIgnore(false, id, 'u2', true)).data).toEqual({ groupList: 'u1,u2' });
    expect(world.state.groups.get(id)?.ignore).toEqual([]);
    expect(sendAllowed(world, fev.pushIgnore(false, id, 'u2')).decision.changes).toEqual([]);
  });

  it('a user not in the group: "0" with GROUPPUSH_ERRID_USERID_IS_NOT_IN_GROUP, nothing changed', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    for (const [on, syncAll] of [[true, false], [true, true], [false, false], [false, true]] as const) {
      const { decision } = sendDenied(world, fev.pushIgnore(on, id, 'stranger', syncAll), 'notGroupMember', {
        name: 'GROUPPUSH_ERRID_USERID_IS_NOT_IN_GROUP',
        mentions: ['stranger', id],
      });
      expect(decision.changes).toEqual([]);
    }
    expect(world.state.groups.get(id)).toMatchObject({ ignore: [], syncCount: 0 });
  });

  it('a removed member can no longer set it', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    sendAllowed(world, fev.removeUsers(id, 'u1', ['u2']));
    sendDenied(world, fev.pushIgnore(true, id, 'u2'), 'notGroupMember');
  });

  it('an unknown group: "0"', () => {
    const world = new World();
    sendDenied(world, fev.pushIgnore(true, '100500', 'u1', true), 'groupUnknown');
  });
});

describe('AEC_GROUP_GET_GROUP_LIST and AEC_GROUP_GET_USER_LIST (older builds)', () => {
  it('GET_GROUP_LIST: the asker\'s live groups, ids, names and creators in parallel', () => {
    const world = new World();
    const a = create(world, 'u1', ['u2'], 'alpha');
    const b = create(world, 'u3', ['u2'], 'beta');
    const c = create(world, 'u2', [], 'gamma');
    create(world, 'u4', ['u5'], 'not-theirs');
    sendAllowed(world, fev.groupDelete(c, 'u2'));
    expect(sendAllowed(world, fev.groupList('u2')).data).toEqual({ groupIdList: `${a},${b}`, groupNameList: 'alpha,beta', creatorList: 'u1,u3' });
  });

  it('GET_GROUP_LIST: no groups, every key left out; no names, the name list left out', () => {
    const world = new World();
    expect(sendAllowed(world, fev.groupList('u9')).data).toEqual({});
    const id = create(world, 'u9');
    expect(sendAllowed(world, fev.groupList('u9')).data).toEqual({ groupIdList: id, creatorList: 'u9' });
  });

  it('GET_USER_LIST: the members and whether the asker has do-not-disturb on', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2', 'u3']);
    sendAllowed(world, fev.pushIgnore(true, id, 'u2'));
    expect(sendAllowed(world, fev.userList(id, 'u2')).data).toEqual({ userIdList: 'u1,u2,u3', isIgnore: '1' });
    expect(sendAllowed(world, fev.userList(id, 'u3')).data).toEqual({ userIdList: 'u1,u2,u3', isIgnore: '0' });
  });

  it('GET_USER_LIST of an unknown group: "0"', () => {
    const world = new World();
    sendDenied(world, fev.userList('100500', 'u1'), 'groupUnknown');
  });
});

describe('AEC_GROUP_PUSH_SYSTEM_MSG and AEC_GROUP_PUSH_SYSTEM_GROUP_MSG', () => {
  it('refused by default, as the reference does, with MSGSERVER_ERRID_NO_AUTH', () => {
    const world = new World();
    const id = create(world, 'u1', ['u2']);
    sendDenied(world, fev.pushSystemMsg('u1'), 'pushNotAllowed', { name: 'MSGSERVER_ERRID_NO_AUTH', mentions: ['allowGroupSystemPush'] });
    sendDenied(world, fev.pushGroupMsg(id, 'u1'), 'pushNotAllowed', { name: 'MSGSERVER_ERRID_NO_AUTH', mentions: [id] });
  });

  it('"1" with the allowGroupSystemPush setting on', () => {
    const world = new World({ allowGroupSystemPush: true });
    const id = create(world, 'u1', ['u2']);
    expect(sendAllowed(world, fev.pushSystemMsg('u1')).data).toBe('ok');
    expect(sendAllowed(world, fev.pushGroupMsg(id, 'u2')).data).toBe('ok');
  });

  it('a banned user is refused even with the setting on', () => {
    const world = new World({ allowGroupSystemPush: true });
    const id = create(world, 'u1', ['u2']);
    ban(world, 'u2');
    sendDenied(world, fev.pushSystemMsg('u2'), 'userBanned', { name: 'CHATROOM_ERRID_LOGIN_FAILED' });
    sendDenied(world, fev.pushGroupMsg(id, 'u2'), 'userBanned');
  });
});

describe('any sequence of group events and operator commands', () => {
  const users = ['u1', 'u2', 'u3', 'u4'];
  const user = fc.constantFrom(...users);
  const someUsers = fc.uniqueArray(user, { minLength: 1, maxLength: 4 });
  // Mostly the ids we hand out first; now and then one never handed out.
  const groupId = fc.oneof(
    { arbitrary: fc.constantFrom(...[0, 1, 2].map((n) => String(FIRST_GROUP_ID + n))), weight: 9 },
    { arbitrary: fc.constant('42'), weight: 1 },
  );
  type Step = { event: AecEvent } | { command: OperatorCommand } | { durable: false };
  const create: fc.Arbitrary<Step> = fc.tuple(user, fc.array(user, { maxLength: 4 })).map(([u, members]) => ({ event: fev.groupCreate(u, members) }));
  const step: fc.Arbitrary<Step> = fc.oneof(
    // Three times: most group events should meet a group that exists.
    create,
    create,
    create,
    groupId.map((g) => ({ event: fev.syncAll(g) })),
    fc.tuple(groupId, user).map(([g, u]) => ({ event: fev.groupDelete(g, u) })),
    fc.tuple(groupId, user, someUsers, fc.boolean()).map(([g, u, list, sync]) => ({ event: fev.addUsers(g, u, list, sync) })),
    fc.tuple(groupId, user, someUsers, fc.boolean()).map(([g, u, list, sync]) => ({ event: fev.removeUsers(g, u, list, sync) })),
    fc.tuple(fc.boolean(), groupId, user, fc.boolean()).map(([on, g, u, sync]) => ({ event: fev.pushIgnore(on, g, u, sync) })),
    user.map((u) => ({ event: fev.groupList(u) })),
    fc.tuple(groupId, user).map(([g, u]) => ({ event: fev.userList(g, u) })),
    user.map((u) => ({ event: fev.pushSystemMsg(u) })),
    fc.tuple(groupId, user).map(([g, u]) => ({ event: fev.pushGroupMsg(g, u) })),
    user.map((userId) => ({ command: { kind: 'ban', userId, durationSeconds: 60, reason: 'p' } as OperatorCommand })),
    user.map((userId) => ({ command: { kind: 'liftBan', userId } as OperatorCommand })),
    // The next create is not on disk in time: its undo is applied.
    fc.constant({ durable: false as const }),
  );

  it('keep ids unique and below nextGroupId, creators in their groups, every reply readable by 2.9.6, and survive the snapshot', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 50, size: 'max' }), fc.integer({ min: 2, max: 5 }), fc.boolean(), (steps, max, systemPush) => {
        const world = new World({ groupMaxMembers: max, allowGroupSystemPush: systemPush });
        const handedOut = new Set<string>();
        let slowDisk = false;
        for (const s of steps) {
          if ('durable' in s) slowDisk = true;
          else if ('command' in s) world.operate(s.command);
          else {
            const decision = world.send(s.event);
            const reading = onWire(decision, s.event);
            expect(reading.kind, JSON.stringify(reading)).toBe(decision.allow ? 'success' : 'failure');
            if (s.event.kind === 'groupCreate' && decision.allow) {
              const id = reading.kind === 'success' ? String(reading.data) : '';
              expect(handedOut.has(id), `id ${id} handed out twice`).toBe(false);
              handedOut.add(id);
              if (slowDisk) applyChanges(world.state, decision.mustBeDurable?.changes ?? []);
              slowDisk = false;
            }
            if (reading.kind === 'success' && decision.allow && decision.reply.kind === 'members') {
              expect(reading.data).toHaveProperty('groupList');
            }
          }
          expectFamiliesConsistent(world.state, world.settings, world.now);
        }
        expect(throughSnapshot(world.state)).toStrictEqual(world.state);
      }),
      { numRuns: 200 },
    );
  });
});
