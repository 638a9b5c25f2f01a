// A small model of the live rules (channels, viewer sessions, bytes) for model-based testing:
// each command predicts the wire answer from the model, sends the real callback (or operator
// request), then reads the channel back through the admin API and compares it with the model.
// GLOBAL_PUBLIC channels only, no uploaders, no bans: the rules left are simple enough to
// restate, and they are the ones the invariants are about.

import type fc from 'fast-check';
import type { ChannelDetail } from '../../../server/contract';
import { DenyCode, wireIndexFor } from '../../../server/contract';
import type { Harness } from '../../support/harness';
import { pathSegment } from './invariants';

export interface ModelSession {
  lastTs?: number;
  kicked: boolean;
}

export interface ModelChannel {
  creator?: string;
  lifecycle: 'open' | 'closing' | 'closed' | 'deleted';
  adopted: boolean;
  capacity: number;
  bytes: number;
  sessions: Map<string, ModelSession>;
  /** ts of the report that ended each viewer's last session: its retry is not counted again. */
  endedTs?: Map<string, number>;
}

export interface LiveModel {
  channels: Map<string, ModelChannel>;
}

export interface LiveReal {
  h: Harness;
  /** Prefix of this run's channel ids, so runs share one server without meeting. */
  ns: string;
}

type Expected = { status: '1' } | { status: '0'; code: number };
const ALLOW: Expected = { status: '1' };
const OFFLINE_TS = 1561083201;
const denyWith = (code: number): Expected => ({ status: '0', code });

function adopt(model: LiveModel, id: string): ModelChannel {
  let channel = model.channels.get(id);
  if (!channel) {
    channel = { lifecycle: 'open', adopted: true, capacity: 0, bytes: 0, sessions: new Map() };
    model.channels.set(id, channel);
  }
  return channel;
}

async function callback(real: LiveReal, payload: Record<string, string>): Promise<{ status: string; data: unknown }> {
  return real.h.call(payload);
}

/** Reads the channel back and compares it with the model. */
async function compare(model: LiveModel, real: LiveReal, id: string, what: string): Promise<void> {
  const expected = model.channels.get(id);
  const res = await real.h.admin(`/api/channels/${pathSegment(`${real.ns}${id}`)}`);
  if (!expected) {
    if (res.status !== 404) throw new Error(`${what}: channel ${id} should not exist, admin API says ${res.status}`);
    return;
  }
  if (res.status !== 200) throw new Error(`${what}: channel ${id} should exist, admin API says ${res.status}`);
  const detail = (await res.json()) as ChannelDetail;
  const got = {
    lifecycle: detail.channel.lifecycle,
    adopted: detail.channel.adopted,
    capacity: detail.channel.capacity,
    bytes: detail.channel.bytes,
    viewers: detail.channel.viewers,
    sessions: detail.sessions.map((s) => `${s.userId}${s.state === 'kicked' ? '(kicked)' : ''}`).sort(),
  };
  const want = {
    lifecycle: expected.lifecycle,
    adopted: expected.adopted,
    capacity: expected.capacity,
    bytes: expected.bytes,
    viewers: expected.sessions.size,
    sessions: [...expected.sessions].map(([user, s]) => `${user}${s.kicked ? '(kicked)' : ''}`).sort(),
  };
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: channel ${id} is ${JSON.stringify(got)}, the model says ${JSON.stringify(want)}`);
  }
}

function checkReply(what: string, reply: { status: string; data: unknown }, expected: Expected): void {
  // The wire carries the media server's index for our code (several codes share one name).
  const ok = reply.status === expected.status && (expected.status === '1' || reply.data === String(wireIndexFor(expected.code, 'live')));
  if (!ok) throw new Error(`${what}: answered ${JSON.stringify(reply)}, the model expects ${JSON.stringify(expected)}`);
}

abstract class LiveCommand implements fc.AsyncCommand<LiveModel, LiveReal> {
  constructor(protected readonly channel: string) {}
  check(): boolean {
    return true;
  }
  abstract run(model: LiveModel, real: LiveReal): Promise<void>;
  abstract toString(): string;
}

export class CreateChannel extends LiveCommand {
  constructor(channel: string, private readonly user: string, private readonly capacity: string) {
    super(channel);
  }
  async run(model: LiveModel, real: LiveReal): Promise<void> {
    const n = Number(this.capacity);
    const existing = model.channels.get(this.channel);
    let expected: Expected;
    if (!Number.isInteger(n) || n < 0 || n > 500) expected = denyWith(DenyCode.capacityOutOfRange);
    else if (existing && existing.lifecycle !== 'deleted' && !existing.adopted) {
      expected = existing.creator === this.user ? ALLOW : denyWith(DenyCode.channelExists);
    } else {
      expected = ALLOW;
      model.channels.set(this.channel, {
        creator: this.user,
        lifecycle: 'open',
        adopted: false,
        capacity: n,
        bytes: existing?.bytes ?? 0,
        sessions: existing?.sessions ?? new Map(),
        // Retries are recognised per channel id and viewer, whatever became of the channel.
        ...(existing?.endedTs ? { endedTs: existing.endedTs } : {}),
      });
    }
    const reply = await callback(real, {
      ts: '1561083201', action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', userId: this.user, roomId: 'a4a8_KS9sWt36ttn',
      channelId: `${real.ns}${this.channel}`, conCurrentNumber: this.capacity, extra: 'model',
    });
    checkReply(this.toString(), reply, expected);
    await compare(model, real, this.channel, this.toString());
  }
  toString(): string {
    return `create(${this.channel}, by ${this.user}, capacity ${JSON.stringify(this.capacity)})`;
  }
}

export class UserOnline extends LiveCommand {
  constructor(channel: string, private readonly user: string) {
    super(channel);
  }
  async run(model: LiveModel, real: LiveReal): Promise<void> {
    const channel = adopt(model, this.channel);
    const session = channel.sessions.get(this.user);
    let expected: Expected = ALLOW;
    if (channel.lifecycle !== 'open') expected = denyWith(DenyCode.channelNotOpen);
    else if (session?.kicked) expected = denyWith(DenyCode.viewerKicked);
    else if (!session && channel.capacity > 0 && channel.sessions.size >= channel.capacity) expected = denyWith(DenyCode.channelFull);
    else if (!session) channel.sessions.set(this.user, { kicked: false });
    const reply = await callback(real, { ts: '1561083201', action: 'AEC_LIVE_USER_ONLINE', userId: this.user, channelId: `${real.ns}${this.channel}`, time: '1561083201' });
    checkReply(this.toString(), reply, expected);
    await compare(model, real, this.channel, this.toString());
  }
  toString(): string {
    return `online(${this.channel}, ${this.user})`;
  }
}

export class UserPlaying extends LiveCommand {
  constructor(channel: string, private readonly user: string, private readonly discharge: number, private readonly ts: number) {
    super(channel);
  }
  async run(model: LiveModel, real: LiveReal): Promise<void> {
    const channel = adopt(model, this.channel);
    const session = channel.sessions.get(this.user);
    let expected: Expected = ALLOW;
    const stop = (code: number): void => {
      expected = denyWith(code);
      if (!session && channel.endedTs?.get(this.user) === this.ts) return;
      channel.sessions.delete(this.user);
      channel.bytes += this.discharge;
      (channel.endedTs ??= new Map()).set(this.user, this.ts);
    };
    if (channel.lifecycle !== 'open') stop(DenyCode.channelNotOpen);
    else if (session?.kicked) stop(DenyCode.viewerKicked);
    // A retry of the report whose "0" ended the session (only a kick is left as its cause).
    else if (!session && channel.endedTs?.get(this.user) === this.ts) expected = denyWith(DenyCode.viewerKicked);
    else if (session && session.lastTs === this.ts) expected = ALLOW; // a retried report: not counted twice
    // First seen at this report (2.9.6 admits GLOBAL_PUBLIC viewers itself): the limit applies here.
    else if (!session && channel.capacity > 0 && channel.sessions.size >= channel.capacity) stop(DenyCode.channelFull);
    else {
      channel.sessions.set(this.user, { kicked: false, lastTs: this.ts });
      channel.bytes += this.discharge;
    }
    const reply = await callback(real, {
      ts: String(this.ts), action: 'AEC_LIVE_USER_PLAYING', userId: this.user, channelId: `${real.ns}${this.channel}`,
      time: String(this.ts), discharge: String(this.discharge),
    });
    checkReply(this.toString(), reply, expected);
    await compare(model, real, this.channel, this.toString());
  }
  toString(): string {
    return `playing(${this.channel}, ${this.user}, ${this.discharge} bytes, ts ${this.ts})`;
  }
}

export class UserOffline extends LiveCommand {
  constructor(channel: string, private readonly user: string, private readonly discharge: number) {
    super(channel);
  }
  async run(model: LiveModel, real: LiveReal): Promise<void> {
    const channel = adopt(model, this.channel);
    const retried = !channel.sessions.has(this.user) && channel.endedTs?.get(this.user) === OFFLINE_TS;
    if (!retried) {
      channel.sessions.delete(this.user);
      channel.bytes += this.discharge;
      (channel.endedTs ??= new Map()).set(this.user, OFFLINE_TS);
    }
    const reply = await callback(real, {
      ts: String(OFFLINE_TS), action: 'AEC_LIVE_USER_OFFLINE', userId: this.user, channelId: `${real.ns}${this.channel}`,
      time: '1561083201', discharge: String(this.discharge),
    });
    checkReply(this.toString(), reply, ALLOW);
    await compare(model, real, this.channel, this.toString());
  }
  toString(): string {
    return `offline(${this.channel}, ${this.user}, ${this.discharge} bytes)`;
  }
}

/** CLOSE or DELETE sent by the media server on a user's behalf. */
export class EndChannel extends LiveCommand {
  constructor(channel: string, private readonly user: string, private readonly remove: boolean) {
    super(channel);
  }
  async run(model: LiveModel, real: LiveReal): Promise<void> {
    const channel = model.channels.get(this.channel);
    let expected: Expected = ALLOW;
    if (channel) {
      if (channel.creator !== undefined && channel.creator !== this.user) expected = denyWith(DenyCode.notCreator);
      else if (channel.lifecycle === 'deleted' || (!this.remove && channel.lifecycle === 'closed')) expected = ALLOW;
      else {
        channel.lifecycle = this.remove ? 'deleted' : 'closed';
        channel.sessions.clear();
      }
    }
    const action = this.remove ? 'AEC_LIVE_DELETE_CHANNEL' : 'AEC_LIVE_CLOSE_CHANNEL';
    const reply = await callback(real, { ts: '1561083201', action, userId: this.user, channelId: `${real.ns}${this.channel}` });
    checkReply(this.toString(), reply, expected);
    await compare(model, real, this.channel, this.toString());
  }
  toString(): string {
    return `${this.remove ? 'delete' : 'close'}(${this.channel}, by ${this.user})`;
  }
}

/** The operator's close / reopen / delete / kick from the dashboard. */
export class OperatorAction extends LiveCommand {
  constructor(channel: string, private readonly verb: 'close' | 'reopen' | 'delete' | 'kick', private readonly user: string) {
    super(channel);
  }
  async run(model: LiveModel, real: LiveReal): Promise<void> {
    const channel = model.channels.get(this.channel);
    let status = 200;
    if (!channel) status = 404;
    else if (this.verb === 'kick') {
      const session = channel.sessions.get(this.user);
      if (!session) status = 404;
      else session.kicked = true;
    } else if (channel.lifecycle === 'deleted' && this.verb !== 'delete') status = 409;
    else if (this.verb === 'close' && channel.lifecycle === 'open') channel.lifecycle = 'closed'; // no uploader is ever live here
    else if (this.verb === 'reopen') channel.lifecycle = 'open';
    else if (this.verb === 'delete' && channel.lifecycle !== 'deleted') {
      channel.lifecycle = 'deleted';
      channel.sessions.clear();
    }
    const id = pathSegment(`${real.ns}${this.channel}`);
    const path = this.verb === 'kick' ? `/api/channels/${id}/viewers/${pathSegment(this.user)}/kick` : `/api/channels/${id}/${this.verb}`;
    const res = await real.h.json('POST', path, {});
    if (res.status !== status) throw new Error(`${this.toString()}: HTTP ${res.status} ${await res.text()}, the model expects ${status}`);
    await compare(model, real, this.channel, this.toString());
  }
  toString(): string {
    return `operator ${this.verb}(${this.channel}${this.verb === 'kick' ? `, ${this.user}` : ''})`;
  }
}
