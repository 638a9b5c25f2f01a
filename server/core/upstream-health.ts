// Forward mode: how the studio's eventCenter is doing, as the header, the summary and the
// alerts show it: answer times (p50/p99 of the last 1,000), errors and fallbacks per minute, and
// the moment it goes down or comes back.

import type { UpstreamHealth } from '../contract';

const LATENCY_WINDOW = 1000;
const MINUTE_MS = 60_000;

export type UpstreamTransition = 'down' | 'up' | null;

export class UpstreamHealthTracker {
  private readonly latencies: number[] = [];
  private latencyNext = 0;
  private readonly forwardedAt: number[] = [];
  private readonly errorsAt: number[] = [];
  private readonly fallbacksAt: number[] = [];
  private up = true;
  private lastError: { message: string; at: number } | null = null;
  rewrittenReplies = 0;
  unreadableReplies = 0;
  dangerousReplies = 0;
  /** Since start, for /metrics. */
  readonly totals = { answered: 0, failed: 0, fallbacks: 0 };

  constructor(private readonly onLatency: (latencyMs: number) => void = () => undefined) {}

  /** An answer came in time; 'up' when this ends a streak of failures. */
  answered(latencyMs: number, at: number): UpstreamTransition {
    if (this.latencies.length < LATENCY_WINDOW) this.latencies.push(latencyMs);
    else this.latencies[this.latencyNext] = latencyMs;
    this.latencyNext = (this.latencyNext + 1) % LATENCY_WINDOW;
    this.totals.answered += 1;
    this.onLatency(latencyMs);
    remember(this.forwardedAt, at);
    if (this.up) return null;
    this.up = true;
    return 'up';
  }

  /** No usable answer (refused, timed out, garbage); 'down' on the first of a streak. */
  failed(message: string, at: number): UpstreamTransition {
    this.totals.failed += 1;
    remember(this.forwardedAt, at);
    remember(this.errorsAt, at);
    this.lastError = { message, at };
    if (!this.up) return null;
    this.up = false;
    return 'down';
  }

  fellBack(at: number): void {
    this.totals.fallbacks += 1;
    remember(this.fallbacksAt, at);
  }

  get isUp(): boolean {
    return this.up;
  }

  view(url: string, now: number, pendingReplays: number): UpstreamHealth {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      url,
      ok: this.up,
      lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError?.at ?? null,
      latencyP50: percentile(sorted, 0.5),
      latencyP99: percentile(sorted, 0.99),
      forwardedPerMinute: lastMinute(this.forwardedAt, now),
      errorsPerMinute: lastMinute(this.errorsAt, now),
      fallbacksPerMinute: lastMinute(this.fallbacksAt, now),
      pendingReplays,
      rewrittenReplies: this.rewrittenReplies,
      unreadableReplies: this.unreadableReplies,
      dangerousReplies: this.dangerousReplies,
    };
  }
}

function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return Math.round(value * 10) / 10;
}

function remember(times: number[], at: number): void {
  times.push(at);
  lastMinute(times, at);
}

/** Drops what is older than a minute (the arrays stay a minute long) and counts the rest. */
function lastMinute(times: number[], now: number): number {
  let old = 0;
  while (old < times.length && times[old]! <= now - MINUTE_MS) old += 1;
  if (old > 0) times.splice(0, old);
  return times.length;
}
