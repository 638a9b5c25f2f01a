// Loading a big history from a snapshot after the server is up instead of before: a day of
// 100,000 users' buckets takes hundreds of milliseconds to build, which would delay /healthz.
// The load runs a few milliseconds per turn of the event loop; what the history is asked to do
// meanwhile (observe a change, prune) is queued and done in order after it, so the result is
// the same as loading first. A reader that cannot wait finishes the load at once (`finish`).

import { setImmediate as nextTurn } from 'node:timers/promises';

const SLICE_MS = 4;

export class DeferredLoad<Op> {
  private readonly queue: Op[] = [];
  private done = false;
  private readonly settled: Promise<void>;

  /** Let go once the load is done: the steps hold the parsed snapshot's history (tens of MB of base64 at 100,000 users). */
  private steps: Iterator<unknown> | null;

  constructor(
    steps: Iterator<unknown>,
    private readonly run: (op: Op) => void,
  ) {
    this.steps = steps;
    this.settled = this.background();
  }

  /** True until the load and every queued op are done; then ops run at once again. */
  get pending(): boolean {
    return !this.done;
  }

  /** Queues `op` behind the load (call only while `pending`). */
  defer(op: Op): void {
    this.queue.push(op);
  }

  /** Finishes the load and the queue now (a reader needs the whole history). */
  finish(): void {
    if (this.done) return;
    while (this.steps && !this.steps.next().done);
    this.steps = null;
    this.drain(Number.POSITIVE_INFINITY);
    this.done = true;
  }

  /** Resolves once everything is loaded (at once if `finish` ran meanwhile). */
  whenLoaded(): Promise<void> {
    return this.settled;
  }

  private async background(): Promise<void> {
    while (!this.done) {
      await nextTurn();
      if (this.done) return;
      const until = performance.now() + SLICE_MS;
      while (this.steps && performance.now() < until) if (this.steps.next().done) this.steps = null;
      if (!this.steps && this.drain(until)) this.done = true;
    }
  }

  /** Runs queued ops until `until`; true when the queue is empty. */
  private drain(until: number): boolean {
    let i = 0;
    while (i < this.queue.length && performance.now() < until) this.run(this.queue[i++]!);
    this.queue.splice(0, i);
    return this.queue.length === 0;
  }
}
