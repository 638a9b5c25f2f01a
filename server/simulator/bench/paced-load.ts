// A load at a set rate, as a studio's media server makes it: every live viewer reports once a
// minute, each report on a new connection (2.9.6). The other loads keep N requests in flight and
// send the next one only when a reply comes back, so a slow reply also delays the requests behind
// it and its wait is never counted (coordinated omission); their p99 says how long a request
// waits in a queue that the load itself keeps full. Here each request has its own time in the
// schedule, and its latency runs from that time: when the server is slow, the requests that are
// due meanwhile wait, and their wait is counted, as a viewer's would be.

import { performance } from 'node:perf_hooks';
import { emptyTally, exchangeCounted } from './exchange-tally';
import type { ExchangeOptions, ExchangeTally } from './exchange-tally';
import { LatencyRecorder } from './latency';
import type { LatencySummary } from './latency';

export interface PacedLoadOptions extends ExchangeOptions {
  ratePerSecond: number;
  durationSeconds: number;
  /** Connections open at once, at most: a request due while all are busy waits for one. */
  maxInFlight: number;
}

export interface PacedLoadResult extends ExchangeTally {
  ratePerSecond: number;
  /** Requests the schedule held: the rate times the duration. */
  scheduled: number;
  /** Requests that found every connection busy and were sent late. */
  waitedForConnection: number;
  /** From the first scheduled time to the last reply. */
  durationSeconds: number;
  /** Milliseconds from each request's scheduled time to its reply. */
  latencyMs: LatencySummary;
}

export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  if (!(options.ratePerSecond > 0) || !(options.durationSeconds > 0) || options.maxInFlight < 1) {
    throw new Error('a paced load needs a rate, a duration and at least one connection');
  }
  const scheduled = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const intervalMs = 1000 / options.ratePerSecond;
  const latency = new LatencyRecorder(options.timeoutMs);
  const result: PacedLoadResult = {
    ...emptyTally(),
    ratePerSecond: options.ratePerSecond,
    scheduled,
    waitedForConnection: 0,
    durationSeconds: 0,
    latencyMs: { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
  };
  const started = performance.now();
  let due = 0;
  let inFlight = 0;
  /** Scheduled times of the requests that are due and wait for a connection, oldest first. */
  const waiting: number[] = [];

  return new Promise<PacedLoadResult>((resolve) => {
    const finishIfDone = (): void => {
      if (due < scheduled || inFlight > 0 || waiting.length > 0) return;
      result.durationSeconds = (performance.now() - started) / 1000;
      result.latencyMs = latency.summary();
      resolve(result);
    };
    const send = (scheduledAt: number): void => {
      inFlight++;
      void exchangeCounted(options, options.nextRequest(), result).then((answered) => {
        if (answered) latency.record(performance.now() - scheduledAt);
        inFlight--;
        const next = waiting.shift();
        if (next !== undefined) send(next);
        finishIfDone();
      });
    };
    const tick = (): void => {
      // Every request whose time has come, even if the timer woke late: a late timer must not
      // lower the rate, and the requests it held back count their wait.
      const now = performance.now();
      while (due < scheduled && started + due * intervalMs <= now) {
        const at = started + due * intervalMs;
        due++;
        if (inFlight < options.maxInFlight) send(at);
        else {
          result.waitedForConnection++;
          waiting.push(at);
        }
      }
      if (due < scheduled) setTimeout(tick, Math.max(0, started + due * intervalMs - performance.now()));
      else finishIfDone();
    };
    tick();
  });
}
