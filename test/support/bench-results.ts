// Made-up bench results for the tests of the bench's targets and table: a load, a size, a whole
// run with its ceiling, a run at the real rate. Nothing here is run or timed.

import { parseBenchArgs } from '../../server/simulator/bench/bench-options';
import type { ConnectionMode } from '../../server/simulator/bench/load-requests';
import type { LoadResult } from '../../server/simulator/bench/load-worker';
import type { BenchResults, FamilyResult, PacedRun, SizeResult, StreamResult } from '../../server/simulator/bench/report';

export function load(mode: ConnectionMode, requestsPerSecond: number, p99: number, extra: Partial<LoadResult> = {}): LoadResult {
  const requests = requestsPerSecond * 10;
  return {
    mode,
    requests,
    durationSeconds: 10,
    requestsPerSecond,
    latencyMs: { mean: 1, p50: 1, p90: 2, p99, max: p99 },
    errors: 0,
    timeouts: 0,
    firstError: null,
    non2xx: 0,
    statusCodes: { 200: requests },
    allowed: requests,
    denied: 0,
    unreadable: 0,
    nextTs: 0,
    sent: requests,
    ...extra,
  };
}

export function size(sessions: number, keepalive: LoadResult, fresh: LoadResult): SizeResult {
  return {
    sessions,
    viewersInState: sessions,
    fill: { allowed: sessions, denied: 0, errors: 0, firstProblem: null, elapsedMs: 1 },
    loads: { keepalive, fresh },
    ratioToCeiling: { keepalive: keepalive.requestsPerSecond / 10_000, fresh: fresh.requestsPerSecond / 5000 },
    rssBytesBefore: null,
    rssBytesAfter: 250_000_000,
    dataBytes: 0,
    dataFiles: {},
  };
}

export function results(sizes: SizeResult[], families: FamilyResult[] = [], stream: StreamResult | null = null): BenchResults {
  const parsed = parseBenchArgs([], '/repo');
  if (parsed.kind !== 'bench') throw new Error('default arguments did not parse');
  return { ...parsed.r, ceiling: { keepalive: load('keepalive', 10_000, 2), fresh: load('fresh', 5000, 4) }, sizes, families, stream };
}

/** A run at 100,000 viewers' real rate, every reply "1". */
export function paced(p99: number, extra: Partial<PacedRun> = {}): PacedRun {
  return {
    ratePerSecond: 1666.67,
    scheduled: 33_333,
    replies: 33_333,
    statusCodes: { 200: 33_333 },
    errors: 0,
    timeouts: 0,
    firstError: null,
    waitedForConnection: 0,
    durationSeconds: 20,
    latencyMs: { mean: 2, p50: 1.5, p90: 3, p99, max: p99 * 2 },
    allowed: 33_333,
    denied: 0,
    unreadable: 0,
    nextTs: 0,
    serverCores: 0.8,
    ...extra,
  };
}
