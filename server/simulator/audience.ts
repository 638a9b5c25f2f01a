// The viewers: they join in waves, report what they watched once a minute, leave with or
// without an OFFLINE, and stop at once when the business server answers "0".

import type { SimChannel, SimViewer } from './model';
import { TICKS_PER_MINUTE, TICK_SECONDS, admittedByMediaServer } from './model';
import type { Prng } from './prng';
import type { ActionName as LiveAction } from '../contract';
import type { Answer, PayloadFields } from './wire';
import { Action } from '../contract';

export interface TickContext {
  tick: number;
  nowSeconds: number;
  emit(action: LiveAction, fields: PayloadFields, onAnswer: (answer: Answer) => void, discharge?: number): void;
  /** The user's app logs in to the IM server (which asks for the push mode). */
  login(userId: string): void;
}

/** Share of viewers whose app vanishes (crash, lost network) without an OFFLINE. */
const VANISH_RATE = 0.15;
const MEAN_WATCH_MINUTES = 8;

/** A set of user ids with O(1) add, remove and random pick. */
export class UserPool {
  private readonly items: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(ids: readonly string[]) {
    for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.items.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  add(id: string): void {
    if (this.index.has(id)) return;
    this.index.set(id, this.items.length);
    this.items.push(id);
  }

  remove(id: string): void {
    const at = this.index.get(id);
    if (at === undefined) return;
    const last = this.items.pop() as string;
    this.index.delete(id);
    if (last !== id) {
      this.items[at] = last;
      this.index.set(last, at);
    }
  }

  pick(prng: Prng): string | undefined {
    return this.items.length === 0 ? undefined : this.items[prng.int(0, this.items.length - 1)];
  }
}

export class Audience {
  /** Every viewer known to the media server (joining or watching), by userId. */
  readonly viewers = new Map<string, SimViewer>();
  private readonly idle: UserPool;

  constructor(
    private readonly prng: Prng,
    pool: readonly string[],
    private readonly peak: number,
  ) {
    this.idle = new UserPool(pool);
  }

  get watching(): number {
    let n = 0;
    for (const viewer of this.viewers.values()) if (viewer.state === 'watching') n++;
    return n;
  }

  /** How many viewers the studio draws at this moment: a ramp, then slow and quick waves. */
  target(tick: number): number {
    const minutes = tick / TICKS_PER_MINUTE;
    const ramp = Math.min(1, (tick + 1) / (2 * TICKS_PER_MINUTE));
    const wave = 0.65 + 0.3 * Math.sin((2 * Math.PI * minutes) / 15) + 0.05 * Math.sin((2 * Math.PI * minutes) / 3.7);
    return Math.round(this.peak * ramp * wave);
  }

  /** One tick of the crowd: reports and departures first, then the wave's joins. */
  tick(ctx: TickContext, upChannels: readonly SimChannel[]): void {
    for (const viewer of [...this.viewers.values()]) {
      if (viewer.state !== 'watching') continue;
      if (ctx.tick >= viewer.leaveTick) this.leave(ctx, viewer);
      else if (ctx.tick > viewer.joinTick && (ctx.tick - viewer.joinTick) % TICKS_PER_MINUTE === 0) this.report(ctx, viewer);
    }
    const target = this.target(ctx.tick);
    const current = this.viewers.size;
    if (current > target * 1.1) this.waveOut(ctx, Math.ceil((current - target) / 4));
    else if (current < target) this.waveIn(ctx, upChannels, Math.ceil((target - current) / 3));
  }

  /** The viewer stops watching: an OFFLINE with the bytes since the last report, or silence. */
  leave(ctx: TickContext, viewer: SimViewer): void {
    this.forget(viewer);
    if (this.prng.chance(VANISH_RATE)) return;
    const seconds = (ctx.tick - viewer.lastReportTick) * TICK_SECONDS;
    const discharge = Math.round(((seconds * viewer.bitrateBps) / 8) * this.prng.range(0.9, 1.05));
    ctx.emit(
      Action.AEC_LIVE_USER_OFFLINE,
      { userId: viewer.userId, channelId: viewer.channel.id, time: ctx.nowSeconds, discharge },
      () => undefined,
      discharge,
    );
  }

  private report(ctx: TickContext, viewer: SimViewer): void {
    const seconds = (ctx.tick - viewer.lastReportTick) * TICK_SECONDS;
    const discharge = Math.round(((seconds * viewer.bitrateBps) / 8) * this.prng.range(0.9, 1.06));
    viewer.lastReportTick = ctx.tick;
    ctx.emit(
      Action.AEC_LIVE_USER_PLAYING,
      { userId: viewer.userId, channelId: viewer.channel.id, time: ctx.nowSeconds, discharge },
      (answer) => {
        // "0" to PLAYING: that viewer can no longer watch, and sends nothing more.
        if (answer.kind === 'deny') this.forget(viewer);
      },
      discharge,
    );
  }

  private waveOut(ctx: TickContext, count: number): void {
    const watching = [...this.viewers.values()].filter((v) => v.state === 'watching' && v.joinTick < ctx.tick);
    for (let i = 0; i < count && watching.length > 0; i++) {
      const at = this.prng.int(0, watching.length - 1);
      const viewer = watching[at] as SimViewer;
      watching[at] = watching[watching.length - 1] as SimViewer;
      watching.pop();
      if (viewer.lastReportTick === ctx.tick) continue; // reported this tick; one event per viewer per tick
      this.leave(ctx, viewer);
    }
  }

  private waveIn(ctx: TickContext, upChannels: readonly SimChannel[], count: number): void {
    const open = upChannels.filter((c) => c.capacity === 0 || c.viewers.size < c.capacity);
    for (let i = 0; i < count && open.length > 0; i++) {
      const channel = this.pickChannel(open);
      const userId = this.pickUser(channel);
      if (userId === undefined) continue;
      this.join(ctx, channel, userId);
      if (channel.capacity > 0 && channel.viewers.size >= channel.capacity) open.splice(open.indexOf(channel), 1);
    }
  }

  private join(ctx: TickContext, channel: SimChannel, userId: string): void {
    const viewer: SimViewer = {
      userId,
      channel,
      state: 'joining',
      joinTick: ctx.tick,
      lastReportTick: ctx.tick,
      leaveTick: ctx.tick + Math.max(1, Math.round(this.prng.exponential(MEAN_WATCH_MINUTES * TICKS_PER_MINUTE))),
      // Adaptive players fall back to a lower rendition now and then.
      bitrateBps: channel.bitrateBps * (this.prng.chance(0.2) ? this.prng.range(0.4, 0.7) : 1),
    };
    this.idle.remove(userId);
    this.viewers.set(userId, viewer);
    channel.viewers.set(userId, viewer);
    ctx.login(userId);
    if (admittedByMediaServer(channel)) {
      // No USER_ONLINE: the media server lets them in; their first PLAYING comes a minute later.
      viewer.state = 'watching';
      return;
    }
    ctx.emit(Action.AEC_LIVE_USER_ONLINE, { userId, channelId: channel.id, time: ctx.nowSeconds }, (answer) => {
      // A refused (or unanswered) ONLINE never starts playing.
      if (answer.kind === 'allow' && this.viewers.get(userId) === viewer) viewer.state = 'watching';
      else this.forget(viewer);
    });
  }

  private forget(viewer: SimViewer): void {
    if (this.viewers.get(viewer.userId) !== viewer) return;
    this.viewers.delete(viewer.userId);
    viewer.channel.viewers.delete(viewer.userId);
    this.idle.add(viewer.userId);
  }

  private pickChannel(open: readonly SimChannel[]): SimChannel {
    const total = open.reduce((sum, c) => sum + c.popularity, 0);
    let roll = this.prng.next() * total;
    for (const channel of open) {
      roll -= channel.popularity;
      if (roll < 0) return channel;
    }
    return open[open.length - 1] as SimChannel;
  }

  private pickUser(channel: SimChannel): string | undefined {
    if (!channel.specify) return this.idle.pick(this.prng);
    const allowed = channel.specify.filter((id) => this.idle.has(id));
    return allowed.length === 0 ? undefined : this.prng.pick(allowed);
  }
}
