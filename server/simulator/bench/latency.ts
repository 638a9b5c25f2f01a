// Latencies of one load run, kept the same way in both connection modes: an HdrHistogram of
// microseconds (loopback replies take well under a millisecond), summarised in milliseconds.

import { build } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencyRecorder {
  private readonly histogram: Histogram;

  /** @param highestMs the longest latency expected (the timeout); longer ones still fit. */
  constructor(highestMs: number) {
    this.histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: Math.max(2, Math.ceil(highestMs * 2000)), numberOfSignificantValueDigits: 3 });
  }

  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** Milliseconds; all zero when nothing was recorded. Frees the histogram: call it once. */
  summary(): LatencySummary {
    const h = this.histogram;
    const at = (percentile: number): number => h.getValueAtPercentile(percentile) / 1000;
    const summary = h.totalCount === 0 ? { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 } : { mean: h.mean / 1000, p50: at(50), p90: at(90), p99: at(99), max: h.maxValue / 1000 };
    h.destroy();
    return summary;
  }
}
