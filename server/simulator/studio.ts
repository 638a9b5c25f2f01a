// The studio script: per tick of ten simulated seconds, what the media server tells the
// business server, and how it obeys the answers. Pure: no clock, no I/O, one seeded Prng, so the
// same seed and the same answers give the same callbacks.

import { Audience, UserPool } from './audience';
import type { TickContext } from './audience';
import { applyAction, channelFields, chooseKind, closeAction, deleteAction, planChannel, CREATE_ACTION, needsGrant } from './channel-plans';
import { IdMint, userIdPool } from './ids';
import type { PlannedEvent, SimChannel, SimUploader } from './model';
import { TICKS_PER_MINUTE, admittedByMediaServer, hasWebSdkRoom, isUp } from './model';
import { Prng } from './prng';
import { buildData, capacityFromReply } from './wire';
import { Action } from '../contract';
import { CallDesk } from './call-desk';
import { GroupDesk } from './group-desk';
import { ImDesk } from './im-desk';
import { Cohosts } from './cohosts';

export interface StudioOptions {
  /** Channels kept going at once (a closed one is replaced after a pause). */
  channels: number;
  /** Peak concurrent viewers; the crowd rises and falls in waves below it. */
  viewers: number;
  seed: number | string;
  /** One-to-one calls going at once, on average (default: a third of the channels, at least one). */
  calls?: number;
  /** IM groups (default 3). */
  groups?: number;
  /** The media server restarts every this many simulated minutes (0: never): rooms and groups are asked for again. */
  restartEveryMinutes?: number;
}

export interface StudioCounts {
  tick: number;
  /** Channels the media server holds (created, not yet closed). */
  channels: number;
  /** Channels on air: someone uploading, or the proxy forwarding. */
  liveChannels: number;
  uploaders: number;
  viewers: number;
  calls: number;
  groups: number;
}

interface Slot {
  channel: SimChannel | undefined;
  nextCreateTick: number;
}

export class Studio {
  private readonly prng: Prng;
  private readonly ids: IdMint;
  private readonly audience: Audience;
  private readonly idleCreators: UserPool;
  private readonly cohosts: Cohosts;
  private readonly viewerIds: string[];
  private readonly slots: Slot[];
  private readonly im: ImDesk;
  private readonly callDesk: CallDesk;
  private readonly groupDesk: GroupDesk;
  private readonly restartTicks: number;
  private tickNo = 0;
  private serial = 0;

  constructor(options: StudioOptions) {
    this.prng = new Prng(options.seed);
    this.ids = new IdMint(this.prng);
    this.idleCreators = new UserPool(userIdPool(this.prng, 100_000, Math.max(10, options.channels * 3)));
    this.cohosts = new Cohosts(this.prng, this.idleCreators);
    this.viewerIds = userIdPool(this.prng, 1_000_000, Math.max(40, options.viewers * 2));
    this.audience = new Audience(this.prng, this.viewerIds, options.viewers);
    // The first channels open within the first half minute.
    this.slots = Array.from({ length: options.channels }, (_, i) => ({ channel: undefined, nextCreateTick: i % 3 }));
    const chatters = userIdPool(this.prng, 2_000_000, 40);
    this.im = new ImDesk(this.prng);
    this.callDesk = new CallDesk(this.prng, chatters, options.calls ?? Math.max(1, Math.round(options.channels / 3)));
    this.groupDesk = new GroupDesk(this.prng, chatters, options.groups ?? 3);
    this.restartTicks = (options.restartEveryMinutes ?? 0) * TICKS_PER_MINUTE;
  }

  /** Simulated seconds played so far. */
  get simulatedSeconds(): number {
    return this.tickNo * (60 / TICKS_PER_MINUTE);
  }

  /** Plans the next tick's callbacks. Apply every answer of a tick before asking for the next. */
  next(nowSeconds: number): PlannedEvent[] {
    const events: PlannedEvent[] = [];
    const ctx: TickContext = {
      tick: this.tickNo,
      nowSeconds,
      emit: (action, fields, onAnswer, discharge = 0) =>
        events.push({ action, data: buildData(action, nowSeconds, fields), discharge, onAnswer }),
      login: (userId) => this.im.login(ctx, userId),
    };
    if (this.restartTicks > 0 && this.tickNo > 0 && this.tickNo % this.restartTicks === 0) this.restartMediaServer(ctx);
    for (const slot of this.slots) this.advanceSlot(ctx, slot);
    const up = this.slots.flatMap((s) => (s.channel && isUp(s.channel) ? [s.channel] : []));
    this.audience.tick(ctx, up);
    this.callDesk.tick(ctx);
    this.groupDesk.tick(ctx);
    this.tickNo++;
    return events;
  }

  counts(): StudioCounts {
    let channels = 0;
    let liveChannels = 0;
    let uploaders = 0;
    for (const { channel } of this.slots) {
      if (!channel) continue;
      if (['created', 'applying', 'live', 'ending'].includes(channel.phase)) channels++;
      if (isUp(channel)) liveChannels++;
      for (const u of channel.uploaders.values()) if (u.state === 'uploading') uploaders++;
    }
    return { tick: this.tickNo, channels, liveChannels, uploaders, viewers: this.audience.watching, calls: this.callDesk.talking, groups: this.groupDesk.groups.length };
  }

  /**
   * The media server came back with empty memory: the next join of each room in use asks
   * IS_EXIST (the chat room server holds no room), and the group server asks SYNC_ALL.
   */
  private restartMediaServer(ctx: TickContext): void {
    for (const { channel } of this.slots) {
      if (!channel || !isUp(channel) || channel.roomId === undefined) continue;
      const joiner = channel.viewers.keys().next().value ?? channel.creator;
      if (joiner === undefined) continue;
      ctx.emit(Action.AEC_CHATROOM_IS_EXIST, { userId: joiner, roomId: channel.roomId }, () => undefined);
    }
    this.groupDesk.resync(ctx);
  }

  private advanceSlot(ctx: TickContext, slot: Slot): void {
    const channel = slot.channel;
    if (!channel) {
      if (ctx.tick >= slot.nextCreateTick) this.create(ctx, slot);
      return;
    }
    switch (channel.phase) {
      case 'roomed':
        channel.phase = 'creating';
        ctx.emit(CREATE_ACTION[channel.kind], channel.createFields, (answer) => {
          channel.phase = answer.kind === 'allow' ? 'created' : 'done';
        });
        break;
      case 'created':
        if (admittedByMediaServer(channel)) this.goLive(ctx, channel);
        else this.apply(ctx, channel);
        break;
      case 'live':
        if (ctx.tick >= channel.endTick) this.end(ctx, channel);
        else this.runUploaders(ctx, channel);
        break;
      case 'ending':
        this.end(ctx, channel);
        break;
      case 'closing':
        ctx.emit(closeAction(channel), channelFields(channel), () => undefined);
        channel.deleteTick = ctx.tick + this.prng.int(1, 6);
        channel.phase = this.prng.chance(0.6) ? 'deleting' : 'done';
        break;
      case 'deleting':
        if (ctx.tick < channel.deleteTick) break;
        // The web SDK deletes the chat room, then the channel.
        if (hasWebSdkRoom(channel)) ctx.emit(Action.AEC_CHATROOM_DELETE, { userId: channel.creator, roomId: channel.roomId }, () => undefined);
        ctx.emit(deleteAction(channel), channelFields(channel), () => undefined);
        channel.phase = 'done';
        break;
      case 'done':
        if (channel.creator !== undefined) this.idleCreators.add(channel.creator);
        slot.channel = undefined;
        slot.nextCreateTick = ctx.tick + this.prng.int(3, 3 * TICKS_PER_MINUTE);
        break;
      case 'rooming':
      case 'creating':
      case 'applying':
        break; // answers are applied between ticks, so these do not last
    }
  }

  private create(ctx: TickContext, slot: Slot): void {
    const kind = chooseKind(this.prng, this.serial++);
    const creator = kind === 'LIVEPROXY' ? undefined : this.idleCreators.pick(this.prng);
    if (kind !== 'LIVEPROXY' && creator === undefined) return;
    if (creator !== undefined) this.idleCreators.remove(creator);
    const { channel, fields } = planChannel({ prng: this.prng, ids: this.ids, kind, creator, specifyFrom: this.viewerIds, tick: ctx.tick });
    slot.channel = channel;
    if (creator !== undefined) ctx.login(creator);
    if (hasWebSdkRoom(channel)) {
      // The web SDK creates the live's chat room first; a refused room means no live at all.
      channel.phase = 'rooming';
      const room = { userId: creator, roomId: channel.roomId, roomType: 'CHAT_ROOM_TYPE_PUBLIC', conCurrentNumber: '100', userDefineData: channel.name };
      ctx.emit(Action.AEC_CHATROOM_CREATE, room, (answer) => {
        channel.phase = answer.kind === 'allow' ? 'roomed' : 'done';
      });
      return;
    }
    ctx.emit(CREATE_ACTION[kind], fields, (answer) => {
      // A refused create means the channel does not exist on the media server.
      channel.phase = answer.kind === 'allow' ? 'created' : 'done';
    });
  }

  /** On air without asking: the media server admits a GLOBAL_PUBLIC creator itself. */
  private goLive(ctx: TickContext, channel: SimChannel): void {
    channel.phase = 'live';
    if (channel.creator !== undefined) {
      channel.uploaders.set(channel.creator, { userId: channel.creator, role: 'creator', state: 'uploading', startTick: ctx.tick, leaveTick: channel.endTick });
    }
  }

  private apply(ctx: TickContext, channel: SimChannel): void {
    channel.phase = 'applying';
    ctx.emit(applyAction(channel), channelFields(channel), (answer) => {
      if (answer.kind !== 'allow') {
        channel.phase = 'ending'; // refused: nothing goes on air, the creator gives up
        return;
      }
      channel.capacity = capacityFromReply(answer.data) ?? channel.capacity;
      channel.phase = 'live';
      if (channel.kind === 'LIVEPROXY') channel.proxyForwarding = true;
      else if (channel.creator !== undefined) {
        channel.uploaders.set(channel.creator, { userId: channel.creator, role: 'creator', state: 'uploading', startTick: ctx.tick, leaveTick: channel.endTick });
      }
    });
  }

  /** The channel goes off air: viewers leave, uploaders disconnect; the creator closes next tick. */
  private end(ctx: TickContext, channel: SimChannel): void {
    for (const viewer of [...channel.viewers.values()]) this.audience.leave(ctx, viewer);
    for (const uploader of channel.uploaders.values()) {
      if (uploader.state === 'uploading' || uploader.state === 'stopped' || uploader.state === 'revoked') {
        ctx.emit(Action.AEC_LIVE_UPLOADER_DISCONNECT, channelFields(channel, uploader.userId), () => undefined);
      }
      if (uploader.role === 'cohost') this.idleCreators.add(uploader.userId);
    }
    channel.uploaders.clear();
    channel.proxyForwarding = false;
    channel.phase = 'closing';
  }

  private runUploaders(ctx: TickContext, channel: SimChannel): void {
    const acted = this.cohosts.advance(ctx, channel);
    for (const uploader of channel.uploaders.values()) {
      if (acted.has(uploader) || uploader.state !== 'uploading') continue;
      const age = ctx.tick - uploader.startTick;
      if (age > 0 && age % TICKS_PER_MINUTE === 0) this.reportUploading(ctx, channel, uploader);
    }
    this.cohosts.maybeInvite(ctx, channel);
  }

  private reportUploading(ctx: TickContext, channel: SimChannel, uploader: SimUploader): void {
    ctx.emit(Action.AEC_LIVE_UPLOADER_UPLOADING, channelFields(channel, uploader.userId), (answer) => {
      // "0" to UPLOADING ends that upload; the creator's end takes the channel off air.
      if (answer.kind !== 'deny' || uploader.state !== 'uploading') return;
      uploader.state = 'stopped';
      if (uploader.role === 'creator' && channel.phase === 'live') channel.phase = 'ending';
    });
  }
}
