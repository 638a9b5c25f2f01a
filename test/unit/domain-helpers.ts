// Drives the pure domain the way the app does: decide, then apply the decided changes.
// Event builders carry the real action names so reasons and audit rows read like production.

import { expect } from 'vitest';
import {
  ageOut,
  applyChanges,
  decide,
  decideOperator,
  defaultDecisionSettings,
  displayState,
  emptyState,
  sessionCount,
} from '../../server/domain';
import type {
  AecEvent,
  Change,
  Channel,
  ChannelUserEvent,
  CreateChannelEvent,
  Decision,
  DecisionSettings,
  LiveProxyChannelEvent,
  OperatorCommand,
  OperatorOutcome,
  ReplyPayload,
  State,
  ViewerSession,
} from '../../server/domain';
import { ACTION_NAMES, ACTIONS, CHANNEL_TYPES, createActionFor, DenyCode, type ChannelDisplayState, type DenyReason } from '../../server/contract';
import {
  CHAT_ROOM_LIMIT,
  familyOf,
  isSafeWireIndex,
  MEDIA_SERVER_ERROR_NAMES,
  wireIndexFor,
  type ActionFacts,
  type ActionName,
  type ChatRoomType,
  type PushMode,
} from '../../server/contract';
import type { FamilyEvent, OperatorFailure } from '../../server/domain';
import { callKey } from '../../server/domain/call/model';
import { formatAllow, formatDeny, wireBody } from '../../server/protocol';
import { readMediaServerReply, type MediaServerReading } from '../../server/protocol/media-server-reply';

/** A fixed wall clock (epoch ms) so that every test reads the same. */
export const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);

export function settingsWith(overrides: Partial<DecisionSettings> = {}): DecisionSettings {
  return { ...defaultDecisionSettings, ...overrides };
}

type CreateType = CreateChannelEvent['channelType'];

/** The action of each event kind, from the contract: tests read like production audit rows. */
const actionOfKind = (kind: string): string => ACTION_NAMES.find((name) => ACTIONS[name].kind === kind) ?? `no action for ${kind}`;
const createAction = (type: CreateType): string => createActionFor(type);

/** Every create type; group types carry a groupId, specify types a list, LIVEPROXY no creator. */
export const CREATE_TYPES: readonly CreateType[] = CHANNEL_TYPES.filter((type): type is CreateType => type !== 'unknown');

type CreateExtras = Partial<Omit<CreateChannelEvent, 'kind' | 'action' | 'channelType' | 'channelId'>>;

export const ev = {
  create(channelType: CreateType, channelId: string, userId: string | undefined, extras: CreateExtras = {}): AecEvent {
    return {
      kind: 'createChannel',
      action: createAction(channelType),
      channelType,
      channelId,
      capacity: 0,
      ...(userId !== undefined ? { userId } : {}),
      ...extras,
    };
  },
  user(kind: ChannelUserEvent['kind'], channelId: string, userId: string): AecEvent {
    return { kind, action: actionOfKind(kind), channelId, userId };
  },
  proxy(kind: LiveProxyChannelEvent['kind'], channelId: string): AecEvent {
    return { kind, action: actionOfKind(kind), channelId };
  },
  playing(channelId: string, userId: string, discharge: number, ts?: number): AecEvent {
    return { kind: 'userPlaying', action: 'AEC_LIVE_USER_PLAYING', channelId, userId, discharge, ...(ts !== undefined ? { ts } : {}) };
  },
  offline(channelId: string, userId: string, discharge: number): AecEvent {
    return { kind: 'userOffline', action: 'AEC_LIVE_USER_OFFLINE', channelId, userId, discharge };
  },
  query(listTypes: number[] = []): AecEvent {
    return { kind: 'queryChannelList', action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes };
  },
  echo(echostr: string): AecEvent {
    return { kind: 'accessValidation', action: 'AEC_ACCESS_VALIDATION', echostr };
  },
  unsupported(action: string): AecEvent {
    return { kind: 'unsupported', action };
  },
};

/** The live state plus a clock: what the callback listener and the admin API hold. */
export class World {
  state: State = emptyState();
  now: number;
  readonly settings: DecisionSettings;
  readonly decisions: Decision[] = [];

  constructor(settings: Partial<DecisionSettings> = {}, start = T0) {
    this.settings = settingsWith(settings);
    this.now = start;
  }

  /** One callback: decided, then its changes applied (denials too may change state). */
  send(event: AecEvent): Decision {
    const decision = decide(this.state, event, this.now, this.settings);
    applyChanges(this.state, decision.changes);
    this.decisions.push(decision);
    return decision;
  }

  sendAll(events: readonly AecEvent[]): Decision[] {
    return events.map((event) => this.send(event));
  }

  /** An operator command from the dashboard; changes applied only when it succeeded. */
  operate(command: OperatorCommand): OperatorOutcome {
    const outcome = decideOperator(this.state, command, this.now, this.settings);
    if (outcome.ok) applyChanges(this.state, outcome.changes);
    return outcome;
  }

  /** The periodic aging pass. */
  age(): Change[] {
    const changes = ageOut(this.state, this.now, this.settings);
    applyChanges(this.state, changes);
    return changes;
  }

  advance(seconds: number): this {
    this.now += seconds * 1000;
    return this;
  }

  channel(channelId: string): Channel {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId} in the state`);
    return channel;
  }

  display(channelId: string): ChannelDisplayState {
    return displayState(this.state, this.channel(channelId));
  }

  viewers(channelId: string): number {
    return sessionCount(this.state, channelId);
  }

  session(channelId: string, userId: string): ViewerSession | undefined {
    return this.state.sessions.get(channelId)?.get(userId);
  }

  isUploading(channelId: string, userId: string): boolean {
    return this.state.uploaders.get(channelId)?.has(userId) ?? false;
  }

  userBytes(userId: string): number {
    return this.state.users.get(userId)?.bytesWatched ?? 0;
  }
}

/** Applies a sequence of events to a fresh state; returns the state and each decision in order. */
export function play(
  events: readonly AecEvent[],
  options: { settings?: Partial<DecisionSettings>; start?: number; stepSeconds?: number } = {},
): { state: State; decisions: Decision[] } {
  const world = new World(options.settings, options.start);
  const decisions = events.map((event) => {
    const decision = world.send(event);
    world.advance(options.stepSeconds ?? 0);
    return decision;
  });
  return { state: world.state, decisions };
}

export function expectAllow(decision: Decision): Extract<Decision, { allow: true }> {
  if (!decision.allow) throw new Error(`expected allow, got deny ${decision.code}: ${decision.reason}`);
  return decision;
}

/** Asserts a denial with the named code and that the reason mentions every given word. */
export function expectDeny(decision: Decision, code: DenyReason, ...mentions: string[]): Extract<Decision, { allow: false }> {
  if (decision.allow) throw new Error(`expected deny ${code}, got allow: ${decision.reason}`);
  expect(decision.code, decision.reason).toBe(DenyCode[code]);
  for (const word of mentions) expect(decision.reason).toContain(word);
  return decision;
}

export function capacityReply(decision: Decision): Extract<ReplyPayload, { kind: 'capacity' }> {
  const { reply } = expectAllow(decision);
  if (reply.kind !== 'capacity') throw new Error(`expected a capacity reply, got ${reply.kind}`);
  return reply;
}

/** The bookkeeping every state must satisfy, whatever happened. */
export function expectConsistent(state: State): void {
  let channelBytes = 0;
  for (const channel of state.channels.values()) channelBytes += channel.bytes;
  let userBytes = 0;
  for (const user of state.users.values()) userBytes += user.bytesWatched;
  expect(channelBytes, 'sum of channel bytes').toBe(state.totals.bytes);
  expect(userBytes, 'sum of user bytes watched').toBe(state.totals.bytes);
  for (const [channelId, sessions] of state.sessions) {
    expect(sessions.size, `no empty session map for ${channelId}`).toBeGreaterThan(0);
    // Deleting ends everyone, and a deleted channel admits no one.
    expect(state.channels.get(channelId)?.lifecycle, `viewers of ${channelId}`).not.toBe('deleted');
    for (const [userId, session] of sessions) {
      expect(session.channelId).toBe(channelId);
      expect(session.userId).toBe(userId);
    }
  }
  for (const [channelId, uploaders] of state.uploaders) {
    expect(uploaders.size, `no empty uploader map for ${channelId}`).toBeGreaterThan(0);
    // An uploader keeps a channel "closing"; once closed or deleted, no one uploads.
    expect(['open', 'closing'], `uploaders of ${channelId}`).toContain(state.channels.get(channelId)?.lifecycle);
  }
}

// ---------------------------------------------------------------------------------------------
// The chat-room, group, call and push families (aec-media-server-2.9.6.md §2–§5).

/** The action of a family event kind, the plain or the *_AND_SYNC_ALL variant, from the contract. */
export function familyActionOf(kind: FamilyEvent['kind'], syncAll = false): ActionName {
  const found = ACTION_NAMES.find((name) => ACTIONS[name].kind === kind && ((ACTIONS[name] as ActionFacts).syncAll === true) === syncAll);
  if (!found) throw new Error(`no action for ${kind}${syncAll ? ' (AND_SYNC_ALL)' : ''}`);
  return found;
}

const withTs = (ts: number | undefined): { ts?: number } => (ts !== undefined ? { ts } : {});
const withUser = (userId: string | undefined): { userId?: string } => (userId !== undefined ? { userId } : {});

/** Typed events of the four families, as server/protocol makes them from the media server's `data`. */
export const fev = {
  roomCreate(
    roomId: string,
    userId: string,
    options: { capacity?: number; roomType?: ChatRoomType; name?: string; listType?: number } = {},
  ): AecEvent {
    return {
      kind: 'chatRoomCreate',
      action: 'AEC_CHATROOM_CREATE',
      userId,
      roomId,
      roomType: options.roomType ?? 'PUBLIC',
      capacity: options.capacity ?? 100,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.listType !== undefined ? { listType: options.listType } : {}),
    };
  },
  isExist(roomId: string, userId?: string): AecEvent {
    return { kind: 'chatRoomIsExist', action: 'AEC_CHATROOM_IS_EXIST', roomId, ...withUser(userId) };
  },
  roomDelete(roomId: string, userId?: string): AecEvent {
    return { kind: 'chatRoomDelete', action: 'AEC_CHATROOM_DELETE', roomId, ...withUser(userId) };
  },
  sendMsg(roomId: string, userId?: string): AecEvent {
    return { kind: 'chatRoomSendMsg', action: 'AEC_CHATROOM_SEND_MSG', roomId, ...withUser(userId) };
  },
  saveToList(roomId: string, listType: number, userId?: string): AecEvent {
    return { kind: 'chatRoomSaveToList', action: 'AEC_CHATROOM_SAVE_TO_CHATROOM_LIST', roomId, listType, ...withUser(userId) };
  },
  delFromList(roomId: string, listType: number, userId?: string): AecEvent {
    return { kind: 'chatRoomDelFromList', action: 'AEC_CHATROOM_DEL_FROM_CHATROOM_LIST', roomId, listType, ...withUser(userId) };
  },
  queryRooms(listTypes: number[] = []): AecEvent {
    return { kind: 'chatRoomQueryList', action: 'AEC_CHATROOM_QUERY_ALL_CHATROOM_LIST', listTypes };
  },
  groupCreate(userId: string, members: string[] = [], name?: string): AecEvent {
    return { kind: 'groupCreate', action: 'AEC_GROUP_CREATE', userId, members, ...(name !== undefined ? { name } : {}) };
  },
  syncAll(groupId: string): AecEvent {
    return { kind: 'groupSyncAll', action: 'AEC_GROUP_SYNC_ALL', groupId };
  },
  groupDelete(groupId: string, userId: string): AecEvent {
    return { kind: 'groupDelete', action: 'AEC_GROUP_DEL', userId, groupId, syncAll: false };
  },
  addUsers(groupId: string, userId: string, users: string[], syncAll = false): AecEvent {
    return { kind: 'groupAddUsers', action: familyActionOf('groupAddUsers', syncAll), userId, groupId, users, syncAll };
  },
  removeUsers(groupId: string, userId: string, users: string[], syncAll = false): AecEvent {
    return { kind: 'groupRemoveUsers', action: familyActionOf('groupRemoveUsers', syncAll), userId, groupId, users, syncAll };
  },
  pushIgnore(on: boolean, groupId: string, userId: string, syncAll = false): AecEvent {
    const kind = on ? 'groupSetPushIgnore' : 'groupUnsetPushIgnore';
    return { kind, action: familyActionOf(kind, syncAll), userId, groupId, syncAll };
  },
  groupList(userId: string): AecEvent {
    return { kind: 'groupGetGroupList', action: 'AEC_GROUP_GET_GROUP_LIST', userId };
  },
  userList(groupId: string, userId: string): AecEvent {
    return { kind: 'groupGetUserList', action: 'AEC_GROUP_GET_USER_LIST', userId, groupId, syncAll: false };
  },
  pushSystemMsg(userId: string): AecEvent {
    return { kind: 'groupPushSystemMsg', action: 'AEC_GROUP_PUSH_SYSTEM_MSG', userId };
  },
  pushGroupMsg(groupId: string, userId: string): AecEvent {
    return { kind: 'groupPushGroupMsg', action: 'AEC_GROUP_PUSH_SYSTEM_GROUP_MSG', userId, groupId, syncAll: false };
  },
  callOnline(caller: string, callee: string, ts?: number): AecEvent {
    return { kind: 'callOnline', action: 'AEC_VOIP_USER_ONLINE', caller, callee, ...withTs(ts) };
  },
  callPlaying(caller: string, callee: string, ts?: number): AecEvent {
    return { kind: 'callPlaying', action: 'AEC_VOIP_USER_PLAYING', caller, callee, ...withTs(ts) };
  },
  callHangup(caller: string, callee: string, hungUpBy?: string, ts?: number): AecEvent {
    return { kind: 'callHangup', action: 'AEC_VOIP_USER_HANGUP', caller, callee, ...(hungUpBy !== undefined ? { hungUpBy } : {}), ...withTs(ts) };
  },
  pushModeGet(userId: string): AecEvent {
    return { kind: 'pushModeGet', action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId };
  },
  pushModeSet(userId: string, mode: PushMode): AecEvent {
    return { kind: 'pushModeSet', action: 'AEC_MSG_SERVER_SET_PUSH_MODE', userId, mode };
  },
  verifyLogin(userId: string): AecEvent {
    return { kind: 'verifyUserLogin', action: 'AEC_ACTION_VERIFY_USER_LOGIN', userId };
  },
};

/** The reply to `event` as the 2.9.6 media server reads it: formatted for the event's family, then parsed. */
export function onWire(decision: Decision, event: AecEvent): MediaServerReading {
  const reply = decision.allow ? formatAllow(decision.reply) : formatDeny(decision.code, familyOf(event.action));
  return readMediaServerReply(wireBody(reply));
}

/** Sends the event and asserts a "1" the media server reads as success; returns the data it reads. */
export function sendAllowed(world: World, event: AecEvent): { decision: Extract<Decision, { allow: true }>; data: string | Record<string, string> | null } {
  const decision = expectAllow(world.send(event));
  const reading = onWire(decision, event);
  if (reading.kind !== 'success') throw new Error(`expected the media server to read success, got ${JSON.stringify(reading)}`);
  return { decision, data: reading.data };
}

/**
 * Sends the event and asserts a "0" with our reason `code`, which the media server reads as a failure
 * with the index chosen for the event's family, and that index's name (`name` when given).
 */
export function sendDenied(
  world: World,
  event: AecEvent,
  code: DenyReason,
  options: { name?: string; mentions?: string[] } = {},
): { decision: Extract<Decision, { allow: false }>; index: number; name: string } {
  const decision = expectDeny(world.send(event), code, ...(options.mentions ?? []));
  return { decision, ...expectWireFailure(decision, event, options.name) };
}

/** A denial as the media server reads it: the family's index for the code and the name at that index. */
export function expectWireFailure(decision: Decision, event: AecEvent, name?: string): { index: number; name: string } {
  if (decision.allow) throw new Error(`expected a deny, got allow: ${decision.reason}`);
  const reading = onWire(decision, event);
  const index = wireIndexFor(decision.code, familyOf(event.action));
  expect(reading).toEqual({ kind: 'failure', index, name: MEDIA_SERVER_ERROR_NAMES[index] });
  if (reading.kind !== 'failure') throw new Error('unreachable');
  expect(isSafeWireIndex(reading.index), `index ${reading.index} is one the report says is safe to send`).toBe(true);
  if (name !== undefined) expect(reading.name).toBe(name);
  return { index: reading.index, name: reading.name };
}

/** An object reply's data, as the media server reads it. */
export function objectData(data: string | Record<string, string> | null): Record<string, string> {
  if (data === null || typeof data === 'string') throw new Error(`expected an object in data, got ${JSON.stringify(data)}`);
  return data;
}

/** A string reply's data, as the media server reads it. */
export function stringData(data: string | Record<string, string> | null): string {
  if (typeof data !== 'string') throw new Error(`expected a string in data, got ${JSON.stringify(data)}`);
  return data;
}

/** The operator's command must succeed. */
export function operatorDone(outcome: OperatorOutcome): Extract<OperatorOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.failure}: ${outcome.message}`);
  return outcome;
}

/** The operator's command must fail with `failure`; returns its message. */
export function operatorFailed(outcome: OperatorOutcome, failure: OperatorFailure): string {
  if (outcome.ok) throw new Error(`expected ${failure}, got success: ${outcome.message}`);
  expect(outcome.failure, outcome.message).toBe(failure);
  return outcome.message;
}

/** The bookkeeping of the four families that every state must satisfy, whatever happened. */
export function expectFamiliesConsistent(state: State, settings: DecisionSettings, now: number): void {
  for (const [key, callId] of state.activeCalls) {
    const call = state.calls.get(callId);
    expect(call, `active call ${callId} is kept`).toBeDefined();
    expect(call?.endedAt, `active call ${callId} has not ended`).toBeUndefined();
    expect(callKey(call?.caller ?? '', call?.callee ?? ''), `active call ${callId} is filed under its parties`).toBe(key);
  }
  for (const call of state.calls.values()) {
    if (call.endedAt === undefined) expect(state.activeCalls.get(callKey(call.caller, call.callee)), `call ${call.id} not ended yet is active`).toBe(call.id);
    expect(Number(call.id), `call ids below nextCallId`).toBeLessThan(state.nextCallId);
    expect(call.minutes).toBeGreaterThanOrEqual(0);
  }
  for (const [id, group] of state.groups) {
    expect(group.id).toBe(id);
    expect(id, 'group ids are numeric strings').toMatch(/^\d+$/);
    expect(Number(id), `group ${id} lies below nextGroupId`).toBeLessThan(state.nextGroupId);
    expect(new Set(group.members).size, `members of ${id} unique`).toBe(group.members.length);
    expect(group.members, `the creator of ${id} stays a member`).toContain(group.creator);
    for (const ignoring of group.ignore) expect(group.members, `${ignoring} ignores ${id} as a member`).toContain(ignoring);
  }
  for (const [id, room] of state.chatRooms) {
    expect(room.id).toBe(id);
    expect(room.limit, `limit of room ${id}`).toBeGreaterThanOrEqual(CHAT_ROOM_LIMIT.min);
    expect(room.limit, `limit of room ${id}`).toBeLessThanOrEqual(CHAT_ROOM_LIMIT.max);
    if (room.deletedAt !== undefined) {
      // Asked by nobody in particular (a banned joiner would be refused for another reason).
      const asked = decide(state, { kind: 'chatRoomIsExist', action: 'AEC_CHATROOM_IS_EXIST', roomId: id }, now, settings);
      expect(asked.allow, `deleted room ${id} must not be answered by IS_EXIST`).toBe(false);
    }
  }
}
