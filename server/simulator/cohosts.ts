// Co-hosts of a live: invited (SET_CHANNEL_UPLOADER, or straight APPLY_UPLOAD where no grant is
// needed), uploading a while, then leaving or having the right taken back. They are drawn from
// the idle creators and go back there. Part of the studio script: pure, one seeded Prng.

import type { TickContext } from './audience';
import type { UserPool } from './audience';
import { channelFields, needsGrant } from './channel-plans';
import type { SimChannel, SimUploader } from './model';
import { TICKS_PER_MINUTE } from './model';
import type { Prng } from './prng';
import { Action } from '../contract';

const MAX_COHOSTS = 2;
const COHOST_CHANCE_PER_MINUTE = 0.08;

export class Cohosts {
  constructor(
    private readonly prng: Prng,
    private readonly idleCreators: UserPool,
  ) {}

  /** This tick's step of each co-host on a channel; the co-hosts that sent something. */
  advance(ctx: TickContext, channel: SimChannel): Set<SimUploader> {
    const acted = new Set<SimUploader>();
    for (const cohost of this.of(channel)) if (this.advanceCohost(ctx, channel, cohost)) acted.add(cohost);
    return acted;
  }

  /** Now and then, once a minute of the channel, the broadcaster invites someone. */
  maybeInvite(ctx: TickContext, channel: SimChannel): void {
    if (channel.kind !== 'LIVEPROXY' && this.of(channel).length < MAX_COHOSTS && ctx.tick % TICKS_PER_MINUTE === channel.minuteOffset && this.prng.chance(COHOST_CHANCE_PER_MINUTE)) {
      this.inviteCohost(ctx, channel);
    }
  }

  private of(channel: SimChannel): SimUploader[] {
    return [...channel.uploaders.values()].filter((u) => u.role === 'cohost');
  }

  /** One step of a co-host's life; true when it sent something this tick. */
  private advanceCohost(ctx: TickContext, channel: SimChannel, cohost: SimUploader): boolean {
    const drop = (): void => {
      channel.uploaders.delete(cohost.userId);
      this.idleCreators.add(cohost.userId);
    };
    if (cohost.state === 'granted') {
      this.cohostApply(ctx, channel, cohost);
      return true;
    }
    if (cohost.state === 'revoked' || cohost.state === 'stopped') {
      ctx.emit(Action.AEC_LIVE_UPLOADER_DISCONNECT, channelFields(channel, cohost.userId), () => undefined);
      drop();
      return true;
    }
    if (cohost.state === 'uploading' && ctx.tick >= cohost.leaveTick) {
      if (this.prng.chance(0.5)) {
        // The broadcaster takes the right back; the media server then drops the stream.
        ctx.emit(Action.AEC_LIVE_UNSET_CHANNEL_UPLOADER, channelFields(channel, cohost.userId), () => undefined);
        cohost.state = 'revoked';
      } else {
        ctx.emit(Action.AEC_LIVE_UPLOADER_DISCONNECT, channelFields(channel, cohost.userId), () => undefined);
        drop();
      }
      return true;
    }
    return false;
  }

  private inviteCohost(ctx: TickContext, channel: SimChannel): void {
    const userId = this.idleCreators.pick(this.prng);
    if (userId === undefined) return;
    this.idleCreators.remove(userId);
    const cohost: SimUploader = { userId, role: 'cohost', state: 'granting', startTick: ctx.tick, leaveTick: 0 };
    channel.uploaders.set(userId, cohost);
    if (!needsGrant(channel.kind) && this.prng.chance(0.6)) {
      this.cohostApply(ctx, channel, cohost);
      return;
    }
    ctx.emit(Action.AEC_LIVE_SET_CHANNEL_UPLOADER, channelFields(channel, userId), (answer) => {
      if (answer.kind === 'allow') cohost.state = 'granted';
      else {
        channel.uploaders.delete(userId);
        this.idleCreators.add(userId);
      }
    });
  }

  private cohostApply(ctx: TickContext, channel: SimChannel, cohost: SimUploader): void {
    cohost.state = 'applying';
    ctx.emit(Action.AEC_LIVE_APPLY_UPLOAD_CHANNEL, channelFields(channel, cohost.userId), (answer) => {
      if (channel.uploaders.get(cohost.userId) !== cohost) return;
      if (answer.kind === 'allow') {
        cohost.state = 'uploading';
        cohost.startTick = ctx.tick;
        cohost.leaveTick = ctx.tick + Math.max(TICKS_PER_MINUTE, Math.round(this.prng.exponential(10 * TICKS_PER_MINUTE)));
      } else {
        // A refused APPLY_UPLOAD does not start.
        channel.uploaders.delete(cohost.userId);
        this.idleCreators.add(cohost.userId);
      }
    });
  }
}
