// msgServer's push modes and the access family's login check (aec-media-server-2.9.6.md §5, §9),
// and, last, a property over all four families together with the operator's commands. Every
// answer is read back through the port of the 2.9.6 reply parser.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsOf, DenyCode, PUSH_MODES, type ActionName, type PushMode } from '../../server/contract';
import type { AecEvent, OperatorCommand, State } from '../../server/domain';
import { FIRST_GROUP_ID } from '../../server/domain/group/model';
import { parseEvent } from '../../server/protocol';
import { stateFromJson, stateToJson } from '../../server/store';
import { ev, expectFamiliesConsistent, fev, onWire, operatorDone, sendAllowed, World } from './domain-helpers';

/** The mode as msgServer reads it: strtol of a string `data` (a number in data is a parse error). */
function modeOnWire(world: World, userId: string): number {
  const { data } = sendAllowed(world, fev.pushModeGet(userId));
  expect(typeof data, 'the mode is sent as a string').toBe('string');
  expect(data).toMatch(/^[0-3]$/);
  return Number.parseInt(data as string, 10);
}

describe('the requests of §5 parse into the events these tests send', () => {
  it('GET_PUSH_MODE, SET_PUSH_MODE and VERIFY_USER_LOGIN', () => {
    expect(parseEvent('{"ts":"1","action":"AEC_MSG_SERVER_GET_PUSH_MODE","userId":"577175"}')).toMatchObject({ ok: true, event: fev.pushModeGet('577175') });
    expect(parseEvent('{"ts":"1","action":"AEC_MSG_SERVER_SET_PUSH_MODE","userId":"577175","pushMode":"3"}')).toMatchObject({
      ok: true,
      event: fev.pushModeSet('577175', 3),
    });
    expect(parseEvent('{"ts":"1","action":"AEC_ACTION_VERIFY_USER_LOGIN","userId":"577175"}')).toMatchObject({ ok: true, event: fev.verifyLogin('577175') });
  });
});

describe('AEC_MSG_SERVER_GET_PUSH_MODE', () => {
  it('"2" (all on) for a user who never set one, as a string the parser accepts', () => {
    const world = new World();
    const { decision, data } = sendAllowed(world, fev.pushModeGet('577175'));
    expect(data).toBe('2');
    expect(decision.reply).toEqual({ kind: 'pushMode', mode: PUSH_MODES.allOn });
    expect(decision.changes).toEqual([]);
  });

  it('the stored mode after a SET, for that user only', () => {
    const world = new World();
    sendAllowed(world, fev.pushModeSet('u1', 3));
    expect(modeOnWire(world, 'u1')).toBe(3);
    expect(modeOnWire(world, 'u2')).toBe(2);
  });

  it('a banned user still gets the mode: a "0" here only stops offline push', () => {
    const world = new World();
    operatorDone(world.operate({ kind: 'ban', userId: 'u1', durationSeconds: null, reason: 'x' }));
    expect(modeOnWire(world, 'u1')).toBe(2);
  });
});

describe('AEC_MSG_SERVER_SET_PUSH_MODE', () => {
  it.each([0, 1, 2, 3] as PushMode[])('stores mode %s: "1", and GET answers it', (mode) => {
    const world = new World();
    if (mode !== PUSH_MODES.allOn) sendAllowed(world, fev.pushModeSet('u1', PUSH_MODES.allOn));
    const { data, decision } = sendAllowed(world, fev.pushModeSet('u1', mode));
    expect(data).toBe('ok');
    expect(decision.changes).toEqual([{ op: 'setPushMode', userId: 'u1', mode, at: world.now }]);
    expect(world.state.pushModes.get('u1')).toBe(mode);
    expect(modeOnWire(world, 'u1')).toBe(mode);
  });

  it('setting the same mode again is a "1" that changes nothing', () => {
    const world = new World();
    sendAllowed(world, fev.pushModeSet('u1', 1));
    expect(sendAllowed(world, fev.pushModeSet('u1', 1)).decision.changes).toEqual([]);
  });

  it('the last SET wins, and the mode survives the snapshot', () => {
    const world = new World();
    sendAllowed(world, fev.pushModeSet('u1', 1));
    sendAllowed(world, fev.pushModeSet('u1', 3));
    sendAllowed(world, fev.pushModeSet('u2', 0));
    const restarted = new World();
    restarted.state = stateFromJson(JSON.parse(JSON.stringify(stateToJson(world.state))));
    expect(modeOnWire(restarted, 'u1')).toBe(3);
    expect(modeOnWire(restarted, 'u2')).toBe(0);
  });
});

describe('AEC_ACTION_VERIFY_USER_LOGIN (enum value 1, sent by no 2.9.6 program)', () => {
  it('is let through with a "1": a "0" would lock users out', () => {
    const world = new World();
    const { data, decision } = sendAllowed(world, fev.verifyLogin('577175'));
    expect(data).toBe('ok');
    expect(decision.changes).toEqual([]);
  });
});

describe('AEC_ACCESS_VALIDATION (hosted-cloud console check)', () => {
  it('echoes echostr as a string', () => {
    const world = new World();
    expect(sendAllowed(world, ev.echo('k3Yx9_q')).data).toBe('k3Yx9_q');
  });
});

describe('every action of §2–§5 is decided', () => {
  /** One event of each action, built as the tests in these four files build them. */
  const oneOfEach: AecEvent[] = [
    fev.roomCreate('r', 'u'),
    fev.isExist('r', 'u'),
    fev.roomDelete('r', 'u'),
    fev.sendMsg('r', 'u'),
    fev.saveToList('r', 0),
    fev.delFromList('r', 0),
    fev.queryRooms(),
    fev.groupCreate('u'),
    fev.syncAll('1'),
    fev.groupDelete('1', 'u'),
    ...[false, true].flatMap((sync) => [
      fev.addUsers('1', 'u', ['v'], sync),
      fev.removeUsers('1', 'u', ['v'], sync),
      fev.pushIgnore(true, '1', 'u', sync),
      fev.pushIgnore(false, '1', 'u', sync),
    ]),
    fev.groupList('u'),
    fev.userList('1', 'u'),
    fev.pushSystemMsg('u'),
    fev.pushGroupMsg('1', 'u'),
    fev.callOnline('a', 'b'),
    fev.callPlaying('a', 'b'),
    fev.callHangup('a', 'b', 'a'),
    fev.pushModeGet('u'),
    fev.pushModeSet('u', 1),
    fev.verifyLogin('u'),
  ];

  it('the builders cover every action of the chat-room, group, call and push families, and VERIFY_USER_LOGIN', () => {
    const families = ['chatroom', 'group', 'voip', 'push'] as const;
    const expected = [...families.flatMap((family) => actionsOf(family)), 'AEC_ACTION_VERIFY_USER_LOGIN'].sort();
    expect([...new Set(oneOfEach.map((event) => event.action))].sort()).toEqual(expected);
    for (const event of oneOfEach) expect(ACTIONS[event.action as ActionName].kind, event.action).toBe(event.kind);
  });

  it('none of them reaches the live family or is answered as an unknown action', () => {
    const world = new World({ unsupportedReply: 'deny' });
    for (const event of oneOfEach) {
      const decision = world.send(event);
      expect(decision.reason, event.action).not.toMatch(/is unknown/);
      if (!decision.allow) expect(decision.code, event.action).not.toBe(DenyCode.unsupported);
      expect(onWire(decision, event).kind, event.action).toBe(decision.allow ? 'success' : 'failure');
    }
  });
});

describe('all four families together, with the operator\'s commands', () => {
  const user = fc.constantFrom('u1', 'u2', 'u3');
  const room = fc.constantFrom('r1', 'r2');
  const groupId = fc.constantFrom(String(FIRST_GROUP_ID), String(FIRST_GROUP_ID + 1), String(FIRST_GROUP_ID + 2), '7');
  const pair = fc.tuple(user, user).filter(([a, b]) => a !== b);
  const ts = fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined });
  const mode = fc.constantFrom<PushMode>(0, 1, 2, 3);
  type Step = { event: AecEvent } | { command: OperatorCommand } | { advance: number } | { age: true } | { restart: true };
  const event: fc.Arbitrary<AecEvent> = fc.oneof(
    fc.tuple(room, user, fc.integer({ min: 0, max: 70_000 })).map(([r, u, capacity]) => fev.roomCreate(r, u, { capacity })),
    fc.tuple(room, user).map(([r, u]) => fev.isExist(r, u)),
    fc.tuple(room, user).map(([r, u]) => fev.roomDelete(r, u)),
    fc.tuple(room, user).map(([r, u]) => fev.sendMsg(r, u)),
    fc.tuple(room, fc.integer({ min: 0, max: 2 })).map(([r, t]) => fev.saveToList(r, t)),
    fc.tuple(room, fc.integer({ min: 0, max: 2 })).map(([r, t]) => fev.delFromList(r, t)),
    fc.constant(fev.queryRooms()),
    fc.tuple(room, user).map(([r, u]) => ev.create('GLOBAL_PUBLIC', `ch-${r}`, u, { roomId: r })),
    // Three times: most group events should meet a group that exists.
    ...[1, 2, 3].map(() => fc.tuple(user, fc.array(user, { maxLength: 3 })).map(([u, members]) => fev.groupCreate(u, members))),
    groupId.map((g) => fev.syncAll(g)),
    fc.tuple(groupId, user).map(([g, u]) => fev.groupDelete(g, u)),
    fc.tuple(groupId, user, fc.uniqueArray(user, { minLength: 1 }), fc.boolean()).map(([g, u, list, sync]) => fev.addUsers(g, u, list, sync)),
    fc.tuple(groupId, user, fc.uniqueArray(user, { minLength: 1 }), fc.boolean()).map(([g, u, list, sync]) => fev.removeUsers(g, u, list, sync)),
    fc.tuple(fc.boolean(), groupId, user, fc.boolean()).map(([on, g, u, sync]) => fev.pushIgnore(on, g, u, sync)),
    user.map((u) => fev.groupList(u)),
    fc.tuple(groupId, user).map(([g, u]) => fev.userList(g, u)),
    user.map((u) => fev.pushSystemMsg(u)),
    fc.tuple(groupId, user).map(([g, u]) => fev.pushGroupMsg(g, u)),
    fc.tuple(pair, ts).map(([[a, b], t]) => fev.callOnline(a, b, t)),
    fc.tuple(pair, ts).map(([[a, b], t]) => fev.callPlaying(a, b, t)),
    fc.tuple(pair, user).map(([[a, b], by]) => fev.callHangup(a, b, by)),
    user.map((u) => fev.pushModeGet(u)),
    fc.tuple(user, mode).map(([u, m]) => fev.pushModeSet(u, m)),
    user.map((u) => fev.verifyLogin(u)),
  );
  const command: fc.Arbitrary<OperatorCommand> = fc.oneof(
    room.map((roomId): OperatorCommand => ({ kind: 'deleteChatRoom', roomId })),
    fc.tuple(room, fc.integer({ min: -1, max: 70_000 })).map(([roomId, limit]): OperatorCommand => ({ kind: 'setChatRoomLimit', roomId, limit })),
    fc.integer({ min: 1, max: 6 }).map((n): OperatorCommand => ({ kind: 'endCall', callId: String(n) })),
    fc.tuple(user, fc.option(fc.integer({ min: 1, max: 300 }), { nil: null })).map(
      ([userId, durationSeconds]): OperatorCommand => ({ kind: 'ban', userId, durationSeconds, reason: 'property' }),
    ),
    user.map((userId): OperatorCommand => ({ kind: 'liftBan', userId })),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    { arbitrary: event.map((e) => ({ event: e })), weight: 8 },
    { arbitrary: command.map((c) => ({ command: c })), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: 200 }).map((advance) => ({ advance })), weight: 1 },
    { arbitrary: fc.constant({ age: true as const }), weight: 1 },
    { arbitrary: fc.constant({ restart: true as const }), weight: 1 },
  );

  const throughSnapshot = (state: State): State => stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))));

  it('the state stays consistent and every reply passes the ported 2.9.6 parser with its meaning', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 20, maxLength: 80, size: 'max' }),
        fc.record({ adoptUnknownChatRooms: fc.boolean(), allowGroupSystemPush: fc.boolean(), maxCallMinutes: fc.integer({ min: 0, max: 3 }), groupMaxMembers: fc.integer({ min: 2, max: 4 }) }),
        (steps, settings) => {
          let world = new World(settings);
          const groupIds = new Set<string>();
          for (const s of steps) {
            if ('advance' in s) world.advance(s.advance);
            else if ('age' in s) world.age();
            else if ('restart' in s) {
              const restarted = new World(settings);
              restarted.state = throughSnapshot(world.state);
              restarted.now = world.now;
              expect(restarted.state).toStrictEqual(world.state);
              world = restarted;
            } else if ('command' in s) {
              const outcome = world.operate(s.command);
              if (!outcome.ok) expect(['not_found', 'conflict', 'bad_request']).toContain(outcome.failure);
            } else {
              const decision = world.send(s.event);
              const reading = onWire(decision, s.event);
              // A "1" reads as success, a "0" as a failure with a name: never a parse error, never a crash.
              expect(reading.kind, `${s.event.action}: ${JSON.stringify(reading)}`).toBe(decision.allow ? 'success' : 'failure');
              if (s.event.kind === 'groupCreate' && reading.kind === 'success') {
                const id = String(reading.data);
                expect(groupIds.has(id), `group id ${id} handed out twice`).toBe(false);
                groupIds.add(id);
              }
              if (s.event.kind === 'pushModeGet') expect(reading).toMatchObject({ kind: 'success', data: expect.stringMatching(/^[0-3]$/) });
              if (s.event.kind === 'callHangup' || s.event.kind === 'verifyUserLogin') expect(decision.allow).toBe(true);
            }
            expectFamiliesConsistent(world.state, world.settings, world.now);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
