// The answer budget of every callback in flight, watched by one timer instead of one per
// callback: a timer and a Promise.race for each of thousands of callbacks a second cost more
// than the deadline is worth when, nearly always, the disk answers first. Deadlines arrive in
// nearly increasing order (arrival + the same budget), so the list is kept sorted by inserting
// from its end.

interface Waiting {
  at: number;
  /** Answers 'late'; null once settled. */
  late: (() => void) | null;
  prev: Waiting | null;
  next: Waiting | null;
}

/**
 * A list in deadline order. A callback leaves it as soon as it is settled, so its entry dies
 * young: entries kept until their deadline passed (the first version) lived a second each,
 * and at 8,000 callbacks a second were half of what the collector promoted to the old
 * generation (BENCHMARKS.md, "Issue 15, fourth pass").
 */
export class Deadlines {
  private first: Waiting | null = null;
  private last: Waiting | null = null;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** The promise's value, or 'late' once `deadline` (a clock time) has passed first. */
  race<T>(promise: Promise<T>, deadline: number): Promise<T | 'late'> {
    if (!Number.isFinite(deadline)) return promise;
    return new Promise<T | 'late'>((resolve, reject) => {
      const waiting: Waiting = { at: deadline, late: () => resolve('late'), prev: null, next: null };
      promise.then(
        (value) => {
          if (waiting.late === null) return;
          this.remove(waiting);
          resolve(value);
        },
        (error: unknown) => {
          if (waiting.late === null) return;
          this.remove(waiting);
          reject(error);
        },
      );
      this.insert(waiting);
    });
  }

  /** Callbacks whose deadline is being watched. */
  get watching(): number {
    return this.count;
  }

  private insert(waiting: Waiting): void {
    let before = this.last;
    while (before !== null && before.at > waiting.at) before = before.prev;
    waiting.prev = before;
    waiting.next = before === null ? this.first : before.next;
    if (waiting.next === null) this.last = waiting;
    else waiting.next.prev = waiting;
    if (before === null) this.first = waiting;
    else before.next = waiting;
    this.count++;
    if (waiting.at < this.timerAt) this.arm(waiting.at);
  }

  private remove(waiting: Waiting): void {
    waiting.late = null;
    if (waiting.prev === null) this.first = waiting.next;
    else waiting.prev.next = waiting.next;
    if (waiting.next === null) this.last = waiting.prev;
    else waiting.next.prev = waiting.prev;
    waiting.prev = null;
    waiting.next = null;
    this.count--;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.clock()));
    // Nothing to answer once nothing else keeps the process alive.
    this.timer.unref();
  }

  /**
   * The timer stays set for a first entry that settled meanwhile: it then finds nothing due and
   * is set again for the new first one, about once a budget under steady load.
   */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.clock();
    while (this.first !== null && this.first.at <= now) {
      const due = this.first;
      const late = due.late;
      this.remove(due);
      late?.();
    }
    if (this.first !== null) this.arm(this.first.at);
  }
}
