// The answer budget of every callback in flight, watched by one timer instead of one per
// callback: a timer and a Promise.race for each of thousands of callbacks a second cost more
// than the deadline is worth when, nearly always, the disk answers first. Deadlines arrive in
// nearly increasing order (arrival + the same budget), so the queue is kept sorted by inserting
// from its end.

interface Waiting {
  at: number;
  /** Answers 'late'; dropped once settled, so a settled entry holds nothing until it is swept. */
  late: (() => void) | null;
}

const COMPACT_AFTER = 1024;

export class Deadlines {
  private queue: Waiting[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** The promise's value, or 'late' once `deadline` (a clock time) has passed first. */
  race<T>(promise: Promise<T>, deadline: number): Promise<T | 'late'> {
    if (!Number.isFinite(deadline)) return promise;
    return new Promise<T | 'late'>((resolve, reject) => {
      const waiting: Waiting = { at: deadline, late: () => resolve('late') };
      promise.then(
        (value) => {
          if (waiting.late === null) return;
          waiting.late = null;
          resolve(value);
        },
        (error: unknown) => {
          if (waiting.late === null) return;
          waiting.late = null;
          reject(error);
        },
      );
      this.insert(waiting);
    });
  }

  /** Callbacks whose deadline is still being watched (settled ones are dropped lazily). */
  get watching(): number {
    return this.queue.length - this.head;
  }

  private insert(waiting: Waiting): void {
    let i = this.queue.length;
    while (i > this.head && this.queue[i - 1]!.at > waiting.at) i--;
    if (i === this.queue.length) this.queue.push(waiting);
    else this.queue.splice(i, 0, waiting);
    if (waiting.at < this.timerAt) this.arm(waiting.at);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.clock()));
    // Nothing to answer once nothing else keeps the process alive.
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.clock();
    while (this.head < this.queue.length) {
      const first = this.queue[this.head]!;
      if (first.late !== null && first.at > now) break;
      this.head++;
      const late = first.late;
      first.late = null;
      late?.();
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.queue.length) this.arm(this.queue[this.head]!.at);
    else {
      this.queue = [];
      this.head = 0;
    }
  }
}
