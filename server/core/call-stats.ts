/** Callbacks and denials over the last minute, counted per second in a ring. */
export class CallStats {
  private readonly calls = new Array<number>(60).fill(0);
  private readonly denials = new Array<number>(60).fill(0);
  private second = 0;
  lastCallbackAt: number | null = null;
  /** Answers sent before their change was on disk (the disk was slower than the answer budget). */
  beforeDurable = { count: 0, lastAt: null as number | null };

  record(now: number, denied: boolean): void {
    this.advance(now);
    const slot = this.second % 60;
    this.calls[slot] = (this.calls[slot] ?? 0) + 1;
    if (denied) this.denials[slot] = (this.denials[slot] ?? 0) + 1;
    this.lastCallbackAt = now;
  }

  answeredBeforeDurable(now: number): void {
    this.beforeDurable.count += 1;
    this.beforeDurable.lastAt = now;
  }

  perMinute(now: number): { callbacks: number; denials: number } {
    this.advance(now);
    const sum = (ring: number[]): number => ring.reduce((total, n) => total + n, 0);
    return { callbacks: sum(this.calls), denials: sum(this.denials) };
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (second <= this.second) return;
    const steps = Math.min(60, second - this.second);
    for (let i = 1; i <= steps; i++) {
      const slot = (this.second + i) % 60;
      this.calls[slot] = 0;
      this.denials[slot] = 0;
    }
    this.second = second;
  }
}
