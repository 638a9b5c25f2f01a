// One-to-one calls between the studio's users: ONLINE when the two legs pair, a PLAYING about
// once a minute while media flows, HANGUP when one of them leaves (or silence when an app dies).
// A "0" to ONLINE refuses the call; to PLAYING it ends the call for both.

import { Action } from '../contract';
import type { TickContext } from './audience';
import { UserPool } from './audience';
import { TICKS_PER_MINUTE } from './model';
import type { Prng } from './prng';

interface SimCall {
  caller: string;
  callee: string;
  state: 'ringing' | 'talking';
  startTick: number;
  endTick: number;
}

const MEAN_CALL_MINUTES = 4;
const VANISH_RATE = 0.1;

export class CallDesk {
  readonly calls = new Set<SimCall>();
  private readonly idle: UserPool;

  constructor(
    private readonly prng: Prng,
    users: readonly string[],
    /** Calls going at once, on average. */
    private readonly target: number,
  ) {
    this.idle = new UserPool(users);
  }

  get talking(): number {
    let n = 0;
    for (const call of this.calls) if (call.state === 'talking') n++;
    return n;
  }

  tick(ctx: TickContext): void {
    for (const call of [...this.calls]) {
      if (call.state !== 'talking') continue;
      if (ctx.tick >= call.endTick) this.hangUp(ctx, call);
      else if ((ctx.tick - call.startTick) % TICKS_PER_MINUTE === TICKS_PER_MINUTE - 1) this.report(ctx, call);
    }
    if (this.calls.size < this.target && this.prng.chance(0.3)) this.dial(ctx);
  }

  private dial(ctx: TickContext): void {
    const caller = this.idle.pick(this.prng);
    if (caller === undefined) return;
    this.idle.remove(caller);
    const callee = this.idle.pick(this.prng);
    if (callee === undefined) {
      this.idle.add(caller);
      return;
    }
    this.idle.remove(callee);
    const minutes = Math.max(1, Math.round(this.prng.exponential(MEAN_CALL_MINUTES)));
    const call: SimCall = { caller, callee, state: 'ringing', startTick: ctx.tick, endTick: ctx.tick + minutes * TICKS_PER_MINUTE + this.prng.int(0, 5) };
    this.calls.add(call);
    ctx.login(caller);
    ctx.login(callee);
    ctx.emit(Action.AEC_VOIP_USER_ONLINE, { userId: caller, userId2: callee, time: ctx.nowSeconds }, (answer) => {
      if (answer.kind === 'allow') call.state = 'talking';
      else this.forget(call);
    });
  }

  private report(ctx: TickContext, call: SimCall): void {
    ctx.emit(Action.AEC_VOIP_USER_PLAYING, { userId: call.caller, userId2: call.callee, time: ctx.nowSeconds }, (answer) => {
      // Any failure ends the call for both people.
      if (answer.kind !== 'allow') this.forget(call);
    });
  }

  private hangUp(ctx: TickContext, call: SimCall): void {
    this.forget(call);
    if (this.prng.chance(VANISH_RATE)) return;
    const hangupUserId = this.prng.chance(0.5) ? call.caller : call.callee;
    ctx.emit(Action.AEC_VOIP_USER_HANGUP, { userId: call.caller, userId2: call.callee, hangupUserId, time: ctx.nowSeconds }, () => undefined);
  }

  private forget(call: SimCall): void {
    if (!this.calls.delete(call)) return;
    this.idle.add(call.caller);
    this.idle.add(call.callee);
  }
}
