// Forward mode's pure decisions: the fallback for every action when the eventCenter gives no
// answer (aec-media-server-2.9.6.md §11.3), what its replies teach, and the operator's veto.

import { describe, expect, test } from 'vitest';
import { ACTION_NAMES, ACTIONS, DenyCode, type ActionName } from '../../server/contract';
import {
  applyChanges,
  decide,
  defaultDecisionSettings,
  emptyState,
  fallbackDecision,
  observeUpstream,
  operatorVeto,
  type AecEvent,
  type Decision,
  type State,
} from '../../server/domain';
import { parseEvent } from '../../server/protocol';
import { T0 } from './domain-helpers';

const FIELD_VALUES: Record<string, string> = {
  channelId: 'c1',
  userId: 'u1',
  userId2: 'u2',
  hangupUserId: 'u1',
  roomId: 'a4a8_Room_1',
  groupId: '100000',
  addUsers: 'm1,m2',
  removeUsers: 'm1',
  pushMode: '3',
  conCurrentNumber: '10',
  roomType: '1',
  listType: '1',
  listTypes: '1',
  discharge: '5',
  time: '1',
  echostr: 'e',
  timestamp: '1',
  nonce: 'n',
  specify: 'u1,u2',
  extra: 'x',
  userDefineData: 'name',
};

function eventOf(action: ActionName, extra: Record<string, string> = {}): AecEvent {
  const fields = Object.fromEntries(ACTIONS[action].fields.map((field) => [field, FIELD_VALUES[field] ?? 'v']));
  const parsed = parseEvent(JSON.stringify({ action, ...fields, ...extra }));
  if (!parsed.ok) throw new Error(`${action}: ${parsed.reason}`);
  return parsed.event;
}

const settings = defaultDecisionSettings;
const request = { action: 'x', method: 'POST' as const, contentType: 'application/x-www-form-urlencoded', body: 'data=...' };
const fallback = (state: State, event: AecEvent, degradedCreates = false): Decision =>
  fallbackDecision(state, event, T0, settings, { why: 'eventCenter refused the connection', request: { ...request, action: event.action }, degradedCreates });
const queued = (decision: Decision): boolean => decision.changes.some((change) => change.op === 'replayQueued');

describe('the fallback of every action the media server sends', () => {
  const sent = ACTION_NAMES.filter((name) => ACTIONS[name].sentBy296);
  test.each(sent)('%s', (action) => {
    const { role } = ACTIONS[action];
    const decision = fallback(emptyState(), eventOf(action));
    expect(decision.reason).toMatch(/^decided by fallback \(eventCenter refused the connection\)/);
    if (role === 'create' || role === 'change') {
      expect(decision).toMatchObject({ allow: false, code: DenyCode.upstreamUnavailable });
    } else if (role === 'report' || role === 'teardown') {
      expect(decision.allow).toBe(true);
    } else if (role === 'admit') {
      // Our own rules decide: a client's system message stays refused (allowGroupSystemPush is off).
      expect(decision.allow).toBe(!ACTIONS[action].kind.startsWith('groupPush'));
    }
    expect(queued(decision)).toBe(role === 'teardown');
  });

  test('reads come from the mirror and invent nothing: no adopted room, no placeholder creator', () => {
    const state = emptyState();
    const unknown = fallback(state, eventOf('AEC_CHATROOM_IS_EXIST'));
    expect(unknown).toMatchObject({ allow: false, code: DenyCode.chatRoomUnknown });
    expect(unknown.changes).toEqual([]);
    applyChanges(state, decide(state, eventOf('AEC_CHATROOM_CREATE'), T0, settings).changes);
    expect(fallback(state, eventOf('AEC_CHATROOM_IS_EXIST'))).toMatchObject({ allow: true, reply: { kind: 'roomInfo', creator: 'u1', limit: 10 } });
    expect(fallback(state, eventOf('AEC_MSG_SERVER_GET_PUSH_MODE'))).toMatchObject({ allow: true, reply: { kind: 'pushMode', mode: 2 } });
  });

  test('degraded creates: a room or a channel "1" and queued; a group never', () => {
    const state = emptyState();
    for (const action of ['AEC_CHATROOM_CREATE', 'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC'] as const) {
      const decision = fallback(state, eventOf(action), true);
      expect(decision.allow).toBe(true);
      expect(queued(decision)).toBe(true);
    }
    const group = fallback(state, eventOf('AEC_GROUP_CREATE'), true);
    expect(group).toMatchObject({ allow: false, code: DenyCode.upstreamUnavailable });
    expect(state.nextGroupId).toBe(100_000);
  });

  test('replays get increasing ids, so they are sent in the order they were answered', () => {
    const state = emptyState();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const decision = fallback(state, eventOf('AEC_VOIP_USER_HANGUP'));
      applyChanges(state, decision.changes);
      const change = decision.changes.find((c) => c.op === 'replayQueued');
      if (change?.op === 'replayQueued') ids.push(change.replay.id);
    }
    expect(ids).toEqual(['1', '2', '3']);
    expect([...state.replays.keys()]).toEqual(ids);
  });
});

describe("what the eventCenter's replies teach", () => {
  const observe = (state: State, event: AecEvent, allowed: boolean, data: string | Record<string, string> | null): Decision => {
    const decision = observeUpstream(state, event, { allowed, data, raw: JSON.stringify({ status: allowed ? '1' : '0', data }) }, T0, settings);
    applyChanges(state, decision.changes);
    return decision;
  };

  test("a group id is the eventCenter's: ours is never minted, and never later reused", () => {
    const state = emptyState();
    observe(state, eventOf('AEC_GROUP_CREATE'), true, '100462');
    expect(state.groups.get('100462')).toMatchObject({ creator: 'u1', members: ['u1', 'm1', 'm2'] });
    expect(state.groups.has('100000')).toBe(false);
    expect(state.nextGroupId).toBe(100_463);
  });

  test('URL-encoded lists (as ELESOS sends them) are decoded; a snapshot replaces the members', () => {
    const state = emptyState();
    observe(state, eventOf('AEC_GROUP_CREATE'), true, '7');
    observe(state, eventOf('AEC_GROUP_SYNC_ALL', { groupId: '7' }), true, { groupList: 'a%40x,b', ignoreList: 'b' });
    expect(state.groups.get('7')).toMatchObject({ members: ['a@x', 'b'], ignore: ['b'] });
  });

  test('a "0" to a minute report ends that viewer here as on the media server; its bytes still count', () => {
    const state = emptyState();
    applyChanges(state, decide(state, eventOf('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC'), T0, settings).changes);
    const decision = observe(state, eventOf('AEC_LIVE_USER_PLAYING', { userId: 'fan', discharge: '4096' }), false, '10001');
    expect(decision).toMatchObject({ allow: false, code: DenyCode.upstreamDenied });
    expect(state.sessions.get('c1')?.has('fan') ?? false).toBe(false);
    expect(state.totals.bytes).toBe(4096);
  });

  test("the operator's veto: a banned user's create is refused here; a teardown never is", () => {
    const state = emptyState();
    applyChanges(state, [{ op: 'putBan', ban: { userId: 'u1', since: T0, reason: 'spam' } }]);
    expect(operatorVeto(state, eventOf('AEC_CHATROOM_CREATE'), T0, settings)).toMatchObject({ code: DenyCode.userBanned });
    expect(operatorVeto(state, eventOf('AEC_CHATROOM_DELETE'), T0, settings)).toBeUndefined();
    // A business rule (the creator of another's channel id) is the eventCenter's, not a veto.
    applyChanges(state, decide(state, eventOf('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', { userId: 'other' }), T0, settings).changes);
    expect(operatorVeto(state, eventOf('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', { userId: 'third' }), T0, settings)).toBeUndefined();
  });
});
