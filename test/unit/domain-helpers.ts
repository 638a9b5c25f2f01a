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
