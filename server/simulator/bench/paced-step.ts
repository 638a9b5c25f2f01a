// USER_PLAYING at the rate a studio really sends it: every viewer once a minute, a connection
// each (2.9.6), its latency counted from each request's time in the schedule (paced-load.ts).
// Run on the ceiling and on ours at every size, so that each p99 can be read against what bare
// Koa shows on the same machine at the same rate, and with the server's CPU over the run: how
// much of a core that many viewers cost. The disk alone at the same rate (disk-floor.ts) is
// measured next to ours: the part of our tail that any durable answer would show here.

import { say } from './bench-run';
import type { BenchRun } from './bench-run';
import type { DiskFloorResult } from './disk-floor';
import { REPORT_INTERVAL_SECONDS } from './load-requests';
import type { PacedResult } from './load-worker';
import { processCpuSeconds, runWorker } from './processes';
import { perSecond } from './report';
import type { PacedRun } from './report';

/** Requests a second that `sessions` live viewers send: one USER_PLAYING each a minute. */
export function realRate(sessions: number): number {
  return sessions / REPORT_INTERVAL_SECONDS;
}

/** The real rate of `sessions` viewers, sent to `name`, for the configured time; null when the step is off. */
export async function pacedRun(run: BenchRun, name: string, url: string, pid: number, sessionsFile: string, sessions: number): Promise<PacedRun | null> {
  const { config } = run.r;
  const seconds = config.pacedSeconds ?? 0;
  if (seconds === 0) return null;
  say(`${name} at the real rate of ${sessions} viewers (${perSecond(realRate(sessions))} req/s, a connection each) for ${seconds} s`);
  const before = await processCpuSeconds(pid);
  const result = await runWorker<PacedResult>(
    {
      kind: 'paced',
      url,
      sessionsFile,
      firstTs: run.nextTs,
      ratePerSecond: realRate(sessions),
      durationSeconds: seconds,
      // As many connections as the burst's pool: a media server's.
      maxInFlight: config.burstSockets,
    },
    (seconds + 60) * 1000,
  );
  const after = await processCpuSeconds(pid);
  run.nextTs = result.nextTs;
  const serverCores = before === null || after === null || result.durationSeconds <= 0 ? null : (after - before) / result.durationSeconds;
  return { ...result, serverCores };
}

/** The disk alone at the real rate of `sessions` viewers, in folder `dir`; null when the step is off. */
export async function diskAtRealRate(run: BenchRun, dir: string, sessions: number): Promise<DiskFloorResult | null> {
  const seconds = run.r.config.pacedSeconds ?? 0;
  if (seconds === 0) return null;
  say(`the disk alone at the real rate of ${sessions} viewers: ${perSecond(realRate(sessions))} records/s written and fdatasync'ed in groups for ${seconds} s`);
  return runWorker<DiskFloorResult>({ kind: 'disk', dir, ratePerSecond: realRate(sessions), durationSeconds: seconds }, (seconds + 60) * 1000);
}
