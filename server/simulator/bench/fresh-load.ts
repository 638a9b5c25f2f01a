// A load generator that opens one TCP connection per request, as the StarRTC 2.9.6 programs
// do (aec-media-server-2.9.6.md §0.3: no keep-alive, the connection closed after the reply).
// autocannon keeps its connections open, so this mode has its own small loop: N concurrent
// loops, each connect, write the request bytes, read one reply, close (http-exchange.ts), until
// the time is up. Requests in flight at the deadline are finished and counted; the duration
// runs until the last of them. Latency covers the whole exchange, connect included.

import { performance } from 'node:perf_hooks';
import { exchange } from '../http-exchange';
import { LatencyRecorder } from './latency';
import type { LatencySummary } from './latency';

export interface FreshLoadOptions {
  url: URL;
  /** Requests in flight at once, each on its own connection. */
  connections: number;
  durationSeconds: number;
  /** Per exchange: no bytes for this long and it counts as a timeout. */
  timeoutMs: number;
  /** The bytes of the next request (the full HTTP request: head and body). */
  nextRequest: () => Buffer;
  onReply?: (statusCode: number, body: string) => void;
}

export interface FreshLoadResult {
  /** Replies read in full, whatever their status. */
  replies: number;
  /** Replies by HTTP status code. */
  statusCodes: Record<string, number>;
  /** Exchanges that failed without a reply (refused, reset, cut short), timeouts apart. */
  errors: number;
  timeouts: number;
  firstError: string | null;
  durationSeconds: number;
  /** Milliseconds, over the replies. */
  latencyMs: LatencySummary;
}

/** http-exchange.ts words its idle timeout this way. */
const TIMEOUT_MESSAGE = /^no reply within/;

export async function freshConnectionLoad(options: FreshLoadOptions): Promise<FreshLoadResult> {
  const latency = new LatencyRecorder(options.timeoutMs);
  const result: FreshLoadResult = {
    replies: 0,
    statusCodes: {},
    errors: 0,
    timeouts: 0,
    firstError: null,
    durationSeconds: 0,
    latencyMs: { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
  };
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const request = options.nextRequest();
      const sentAt = performance.now();
      try {
        const reply = await exchange(options.url, request, options.timeoutMs);
        latency.record(performance.now() - sentAt);
        result.replies++;
        const code = String(reply.statusCode);
        result.statusCodes[code] = (result.statusCodes[code] ?? 0) + 1;
        options.onReply?.(reply.statusCode, reply.body);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (TIMEOUT_MESSAGE.test(message)) result.timeouts++;
        else result.errors++;
        result.firstError ??= message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  result.durationSeconds = (performance.now() - started) / 1000;
  result.latencyMs = latency.summary();
  return result;
}
