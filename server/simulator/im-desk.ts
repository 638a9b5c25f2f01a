// The IM side of the studio: every app login asks for the user's push mode, a few users change it.

import { Action } from '../contract';
import type { TickContext } from './audience';
import type { Prng } from './prng';

const SET_MODE_CHANCE = 0.03;

export class ImDesk {
  logins = 0;

  constructor(private readonly prng: Prng) {}

  /** msgServer asks at every login; now and then the user picks another mode right after. */
  login(ctx: TickContext, userId: string): void {
    this.logins++;
    ctx.emit(Action.AEC_MSG_SERVER_GET_PUSH_MODE, { userId }, () => undefined);
    if (this.prng.chance(SET_MODE_CHANCE)) {
      ctx.emit(Action.AEC_MSG_SERVER_SET_PUSH_MODE, { userId, pushMode: String(this.prng.pick([1, 2, 3])) }, () => undefined);
    }
  }
}
