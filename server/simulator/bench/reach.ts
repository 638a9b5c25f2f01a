// Whether a target was within this machine's reach in the run that missed it. A target is out
// of reach here when a reference that does strictly less than our server, measured in the same
// run, misses it too: the durable ceiling (bare Koa answering once its record is synced, no
// decisions), the disk alone at the real rate (records written and synced, no HTTP), bare Koa
// at the real rate. Where both ceilings could serve, the durable one is read: it does less than
// ours and is the tighter bound. What is met never changes: this tells the reader whose miss it is.

import type { DiskFloorResult } from './disk-floor';
import type { BurstResult, LoadResult } from './load-worker';
import { ms, n, seconds } from './report';
import type { PacedRun, TargetReach } from './report';

/** Throughput: the durable ceiling's own share of bare Koa in the same mode. */
export function ratioReach(wanted: number, durable: LoadResult | undefined, bare: LoadResult | undefined): TargetReach | undefined {
  if (!durable || !bare || bare.requestsPerSecond <= 0) return undefined;
  const share = durable.requestsPerSecond / bare.requestsPerSecond;
  return { reachable: share >= wanted, reference: `the durable ceiling itself reached ${shareText(share, wanted)}` };
}

/** Two decimals, or three where two would round a share just under the target up to it (0.697 -> "0.70"). */
function shareText(share: number, wanted: number): string {
  const short = share.toFixed(2);
  return share < wanted && Number(short) >= wanted ? share.toFixed(3) : short;
}

/** p99 under the full load: the durable ceiling's own, in the same mode. */
export function p99Reach(limitMs: number, durable: LoadResult | undefined): TargetReach | undefined {
  if (!durable || durable.requests === 0) return undefined;
  const p99 = durable.latencyMs.p99;
  return { reachable: p99 < limitMs, reference: `the durable ceiling's own p99 was ${ms(p99)} ms` };
}

/** p99 at the real rate: the disk alone and bare Koa at the same rate, each a floor for ours. */
export function realRateReach(limitMs: number, disk: DiskFloorResult | null | undefined, bare: PacedRun | undefined): TargetReach | undefined {
  const floors = [
    ...(disk ? [{ what: 'the disk alone', p99: disk.latencyMs.p99 }] : []),
    ...(bare ? [{ what: 'bare Koa', p99: bare.latencyMs.p99 }] : []),
  ];
  if (floors.length === 0) return undefined;
  const missed = floors.filter((f) => f.p99 >= limitMs);
  const shown = missed.length > 0 ? missed : floors;
  return { reachable: missed.length === 0, reference: shown.map((f) => `${f.what} at this rate had a p99 of ${ms(f.p99)} ms`).join(', ') };
}

/** The burst: the same burst sent to the durable ceiling, over as many sockets. */
export function burstReach(limitMs: number, durable: BurstResult | undefined): TargetReach | undefined {
  if (!durable || durable.errors > 0 || durable.allowed !== durable.requests) return undefined;
  return { reachable: durable.elapsedMs < limitMs, reference: `the durable ceiling took ${seconds(durable.elapsedMs)} s for ${n(durable.requests)}` };
}
