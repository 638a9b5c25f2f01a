// While the embedded server answers a media server, the computer must not sleep: asleep, it
// answers nothing, and the media server waits about 17 s for every callback before it fails the
// login, join or report behind it. This decides when to hold Electron's powerSaveBlocker; main.ts
// hands in the real blocker.

import type { Summary } from '../server/contract';

/** A callback within this time means a media server is using this computer right now. */
export const SERVING_WINDOW_MS = 5 * 60_000;

export const KEEPING_AWAKE_LINE = 'Keeping this computer awake: a media server is calling';

export function isServingMediaServer(summary: Pick<Summary, 'lastCallbackAt' | 'now'>): boolean {
  return summary.lastCallbackAt !== null && summary.now - summary.lastCallbackAt < SERVING_WINDOW_MS;
}

/** The part of Electron's powerSaveBlocker used here. */
export interface PowerSaveBlocker {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

/** Holds one 'prevent-app-suspension' blocker exactly while serving, never two. */
export class KeepAwake {
  private blockerId: number | null = null;

  constructor(private readonly blocker: PowerSaveBlocker) {}

  get active(): boolean {
    return this.blockerId !== null;
  }

  update(serving: boolean): void {
    if (serving && this.blockerId === null) this.blockerId = this.blocker.start('prevent-app-suspension');
    if (!serving) this.release();
  }

  release(): void {
    if (this.blockerId === null) return;
    this.blocker.stop(this.blockerId);
    this.blockerId = null;
  }
}
