// A load generator that opens one TCP connection per request, as the StarRTC 2.9.6 programs
// do (aec-media-server-2.9.6.md §0.3: no keep-alive, the connection closed after the reply).
// autocannon keeps its connections open, so this mode has its own small loop: N concurrent
// loops, each connect, write the request bytes, read one reply, close (http-exchange.ts), until
// the time is up. Requests in flight at the deadline are finished and counted; the duration
// runs until the last of them. Latency covers the whole exchange, connect included.

import { performance } from 'node:perf_hooks';
import { emptyTally, exchangeCounted } from './exchange-tally';
import type { ExchangeOptions, ExchangeTally } from './exchange-tally';
import { LatencyRecorder } from './latency';
import type { LatencySummary } from './latency';

export interface FreshLoadOptions extends ExchangeOptions {
  /** Requests in flight at once, each on its own connection. */
  connections: number;
  durationSeconds: number;
}

export interface FreshLoadResult extends ExchangeTally {
  durationSeconds: number;
  /** Milliseconds, over the replies. */
  latencyMs: LatencySummary;
}

export async function freshConnectionLoad(options: FreshLoadOptions): Promise<FreshLoadResult> {
  const latency = new LatencyRecorder(options.timeoutMs);
  const result: FreshLoadResult = { ...emptyTally(), durationSeconds: 0, latencyMs: { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 } };
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const request = options.nextRequest();
      const sentAt = performance.now();
      if (await exchangeCounted(options, request, result)) latency.record(performance.now() - sentAt);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  result.durationSeconds = (performance.now() - started) / 1000;
  result.latencyMs = latency.summary();
  return result;
}
