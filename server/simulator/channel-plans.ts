// How the simulated creators set up their channels: which type, which ids, what capacity and
// name, and the exact create / apply / close / delete callbacks each type produces.

import type { IdMint } from './ids';
import type { ChannelKind, SimChannel } from './model';
import { TICKS_PER_MINUTE } from './model';
import type { Prng } from './prng';
import type { ActionName as LiveAction } from '../contract';
import type { PayloadFields } from './wire';
import { Action, createActionFor } from '../contract';

/** The first channels of a run cover every type, so a short demo shows them all. */
const FIRST_KINDS: ChannelKind[] = [
  'GLOBAL_PUBLIC',
  'GROUP_PUBLIC',
  'LIVEPROXY',
  'LOGIN_PUBLIC',
  'LOGIN_SPECIFY',
  'BROADCAST',
  'GROUP_SPECIFY',
];

const LATER_KINDS: Array<[ChannelKind, number]> = [
  ['GLOBAL_PUBLIC', 35],
  ['LOGIN_PUBLIC', 20],
  ['GROUP_PUBLIC', 15],
  ['LIVEPROXY', 10],
  ['BROADCAST', 10],
  ['LOGIN_SPECIFY', 5],
  ['GROUP_SPECIFY', 5],
];

// `extra` is what the dashboard shows as the channel's name; some carry `&` and non-ASCII
// characters on purpose, since the URL encoding has to survive them.
const NAMES = [
  'Morning News', 'Cooking Live', 'Chess Club', 'Jazz Night', 'Study Room', 'Yoga Class',
  'Game Night', 'Q&A Hour', 'Town Hall', 'Product Launch', 'Football Watch', 'Language Café',
  'Garden Tour', 'Coding Stream', 'Piano Lessons', 'Book Club',
];

const CAPACITIES = ['0', '0', '0', '50', '100', '200', '500'];

/** Source bitrates in Mbit/s: from a phone camera to a 1080p encoder. */
const BITRATES_MBPS = [0.5, 0.8, 1.2, 1.5, 2, 2.5, 3, 4];

export const CREATE_ACTION: Record<ChannelKind, LiveAction> = {
  GLOBAL_PUBLIC: createActionFor('GLOBAL_PUBLIC'),
  LOGIN_PUBLIC: createActionFor('LOGIN_PUBLIC'),
  GROUP_PUBLIC: createActionFor('GROUP_PUBLIC'),
  LOGIN_SPECIFY: createActionFor('LOGIN_SPECIFY'),
  GROUP_SPECIFY: createActionFor('GROUP_SPECIFY'),
  BROADCAST: createActionFor('BROADCAST'),
  LIVEPROXY: createActionFor('LIVEPROXY'),
};

export function chooseKind(prng: Prng, serial: number): ChannelKind {
  const first = FIRST_KINDS[serial];
  if (first) return first;
  const total = LATER_KINDS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = prng.next() * total;
  for (const [kind, weight] of LATER_KINDS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'GLOBAL_PUBLIC';
}

/** Co-hosts need the broadcaster's SET_CHANNEL_UPLOADER everywhere but on open channels. */
export function needsGrant(kind: ChannelKind): boolean {
  return kind !== 'GLOBAL_PUBLIC';
}

export interface NewChannelInput {
  prng: Prng;
  ids: IdMint;
  kind: ChannelKind;
  creator: string | undefined;
  specifyFrom: readonly string[];
  tick: number;
}

export function planChannel(input: NewChannelInput): { channel: SimChannel; fields: PayloadFields } {
  const { prng, ids, kind, tick } = input;
  const grouped = kind === 'GROUP_PUBLIC' || kind === 'GROUP_SPECIFY';
  const specifying = kind === 'LOGIN_SPECIFY' || kind === 'GROUP_SPECIFY';
  // Open channels may come without chat (no roomId); the others always have a room or a group.
  const withRoom = !grouped && (kind === 'LOGIN_SPECIFY' || kind === 'BROADCAST' || kind === 'LIVEPROXY' || prng.chance(0.75));
  const channel: SimChannel = {
    id: ids.channelId(),
    kind,
    capacity: 0,
    phase: 'creating',
    proxyForwarding: false,
    bitrateBps: prng.pick(BITRATES_MBPS) * 1_000_000 * prng.range(0.95, 1.05),
    popularity: 0.15 + prng.next() ** 2,
    minuteOffset: prng.int(0, TICKS_PER_MINUTE - 1),
    endTick: tick + Math.max(5, Math.round(prng.exponential(25))) * TICKS_PER_MINUTE,
    deleteTick: 0,
    uploaders: new Map(),
    viewers: new Map(),
    createFields: {},
  };
  if (kind !== 'LIVEPROXY' && input.creator !== undefined) channel.creator = input.creator;
  if (withRoom) channel.roomId = ids.roomId();
  if (grouped) channel.groupId = ids.groupId();
  if (specifying) {
    const count = Math.min(input.specifyFrom.length, prng.int(6, 20));
    const start = prng.int(0, Math.max(0, input.specifyFrom.length - count));
    channel.specify = input.specifyFrom.slice(start, start + count);
  }
  const listType = kind === 'LIVEPROXY' ? '2' : kind === 'BROADCAST' ? '9' : !grouped && prng.chance(0.3) ? '1' : undefined;
  const name = prng.chance(0.9) ? prng.pick(NAMES) : undefined;
  // Field order follows the public samples: userId, roomId/groupId, listType, channelId, ...
  const fields: PayloadFields = {
    userId: channel.creator,
    roomId: channel.roomId,
    groupId: channel.groupId,
    listType,
    channelId: channel.id,
    conCurrentNumber: grouped ? undefined : prng.pick(CAPACITIES),
    extra: name,
    specify: channel.specify?.join(','),
  };
  // The web SDK adds roomLiveType to its GLOBAL_PUBLIC lives.
  if (kind === 'GLOBAL_PUBLIC') fields.roomLiveType = '1';
  const sent = fields.conCurrentNumber;
  channel.capacity = typeof sent === 'string' ? Number(sent) : 0;
  channel.createFields = fields;
  if (name !== undefined) channel.name = name;
  return { channel, fields };
}

export function applyAction(channel: SimChannel): LiveAction {
  return channel.kind === 'LIVEPROXY' ? Action.AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL : Action.AEC_LIVE_APPLY_UPLOAD_CHANNEL;
}

export function closeAction(channel: SimChannel): LiveAction {
  return channel.kind === 'LIVEPROXY' ? Action.AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL : Action.AEC_LIVE_CLOSE_CHANNEL;
}

export function deleteAction(channel: SimChannel): LiveAction {
  return channel.kind === 'LIVEPROXY' ? Action.AEC_LIVE_LIVEPROXY_DELETE_CHANNEL : Action.AEC_LIVE_DELETE_CHANNEL;
}

/** userId + channelId, or channelId alone for the proxy's own callbacks. */
export function channelFields(channel: SimChannel, userId?: string): PayloadFields {
  if (channel.kind === 'LIVEPROXY') return { channelId: channel.id };
  return { userId: userId ?? channel.creator, channelId: channel.id };
}
