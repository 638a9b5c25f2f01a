// Which misses were within this machine's reach (reach.ts): a target is out of reach here only
// when a reference doing less than ours, measured in the same run, missed it too. The table
// marks those misses and counts them apart; what is met never changes. Pure: nothing is run.

import { describe, expect, it } from 'vitest';
import type { DiskFloorResult } from '../../server/simulator/bench/disk-floor';
import type { BurstResult } from '../../server/simulator/bench/load-worker';
import type { BenchResults, TargetCheck } from '../../server/simulator/bench/report';
import { formatTable } from '../../server/simulator/bench/table';
import { checkTargets } from '../../server/simulator/bench/targets';
import { load, paced, results, size } from '../support/bench-results';

const KEEPALIVE_RATIO = 'USER_PLAYING at 10,000 sessions >= 0.7 of the ceiling (keep-alive)';
const FRESH_RATIO = 'USER_PLAYING at 10,000 sessions >= 0.8 of the ceiling (fresh)';
const FRESH_P99 = 'USER_PLAYING at 10,000 sessions p99 < 10 ms (fresh)';
const REAL_RATE = 'USER_PLAYING at 100,000 sessions at their real rate (1,667/s, a connection each) p99 < 10 ms, every reply "1"';
const BURST = '10,000 USER_ONLINE burst on top of 100,000 sessions answered in < 2 s';

/** Ours at 10,000 sessions: 0.6 of the ceiling with keep-alive (6,000 of 10,000), 0.7 fresh (3,500 of 5,000), fresh p99 15 ms. */
const ours = (): BenchResults => results([size(10_000, load('keepalive', 6000, 5), load('fresh', 3500, 15))]);

function check(r: BenchResults, target: string): TargetCheck {
  const found = checkTargets(r).find((t) => t.target === target);
  if (!found) throw new Error(`no check "${target}"`);
  return found;
}

/** The table line of one target. */
function line(r: BenchResults, target: string): string {
  const found = formatTable({ ...r, targets: checkTargets(r) })
    .split('\n')
    .find((l) => l.includes(`] ${target}:`));
  if (!found) throw new Error(`no table line for "${target}"`);
  return found;
}

function burst(elapsedMs: number, extra: Partial<BurstResult> = {}): BurstResult {
  return { requests: 10_000, sockets: 256, elapsedMs, allowed: 10_000, denied: 0, errors: 0, firstError: null, ...extra };
}

function withBurst(oursMs: number, durable: BurstResult | undefined): BenchResults {
  return {
    ...results([]),
    burst: { ...burst(oursMs), sessionsBefore: 100_000, rssBytesAfter: null },
    ceilingBurst: burst(1500),
    ...(durable ? { durableCeilingBurst: durable } : {}),
  };
}

describe('bench: misses out of reach on this machine', () => {
  it('marks a ratio the durable ceiling itself missed, and one it made as ours alone', () => {
    // The durable ceiling: 0.55 of bare Koa with keep-alive (out of reach), 0.9 fresh (within).
    const r = { ...ours(), durableCeiling: { keepalive: load('keepalive', 5500, 3), fresh: load('fresh', 4500, 8) } };

    expect(check(r, KEEPALIVE_RATIO)).toMatchObject({ met: false, reach: { reachable: false } });
    expect(line(r, KEEPALIVE_RATIO)).toMatch(/^ {2}\[MISSED, out of reach here\] .*; the durable ceiling itself reached 0\.55$/);
    expect(check(r, FRESH_RATIO)).toMatchObject({ met: false, reach: { reachable: true } });
    expect(line(r, FRESH_RATIO)).toMatch(/^ {2}\[MISSED\] /);
    expect(line(r, FRESH_RATIO)).not.toContain('itself reached');
    // Just under the target: not rounded up to it.
    const under = { ...ours(), durableCeiling: { keepalive: load('keepalive', 6967, 3), fresh: load('fresh', 4500, 8) } };
    expect(line(under, KEEPALIVE_RATIO)).toMatch(/\[MISSED, out of reach here\] .*; the durable ceiling itself reached 0\.697$/);
  });

  it('reads the p99 under full load against the durable ceiling in the same mode', () => {
    const slow = { ...ours(), durableCeiling: { keepalive: load('keepalive', 7500, 3), fresh: load('fresh', 4500, 12) } };
    expect(line(slow, FRESH_P99)).toMatch(/\[MISSED, out of reach here\] .*: 15\.0 ms; the durable ceiling's own p99 was 12\.0 ms$/);
    const quick = { ...ours(), durableCeiling: { keepalive: load('keepalive', 7500, 3), fresh: load('fresh', 4500, 6) } };
    expect(check(quick, FRESH_P99)).toMatchObject({ met: false, reach: { reachable: true } });
  });

  it('reads the real rate against the disk alone and bare Koa at the same rate', () => {
    const at = (disk: DiskFloorResult, ceilingP99: number): BenchResults => ({
      ...results([{ ...size(100_000, load('keepalive', 8000, 5), load('fresh', 4500, 5)), paced: paced(300), disk }]),
      ceilingPaced: { '100000': paced(ceilingP99) },
    });
    const disk = (p99: number): DiskFloorResult => ({ ratePerSecond: 1666.67, scheduled: 33_333, syncs: 30_000, slowSyncs: 4, longestSyncMs: 900, durationSeconds: 20, latencyMs: { mean: 1, p50: 0.4, p90: 0.9, p99, max: 900 } });

    expect(line(at(disk(126), 4), REAL_RATE)).toMatch(/\[MISSED, out of reach here\] .*; the disk alone at this rate had a p99 of 126\.0 ms$/);
    expect(check(at(disk(3), 4), REAL_RATE).reach).toEqual({ reachable: true, reference: 'the disk alone at this rate had a p99 of 3.00 ms, bare Koa at this rate had a p99 of 4.00 ms' });
    // A disk that keeps up but a machine where bare Koa alone misses it.
    expect(check(at(disk(3), 14), REAL_RATE).reach).toEqual({ reachable: false, reference: 'bare Koa at this rate had a p99 of 14.0 ms' });
  });

  it('reads the burst against the same burst sent to the durable ceiling', () => {
    expect(line(withBurst(2970, burst(2400)), BURST)).toMatch(/\[MISSED, out of reach here\] 10,000 .*: 2\.97 s, .*; bare Koa: 1\.50 s; the durable ceiling took 2\.40 s for 10,000$/);
    expect(check(withBurst(2970, burst(1700)), BURST)).toMatchObject({ met: false, reach: { reachable: true } });
    // A reference that failed some of its requests is no reference.
    expect(check(withBurst(2970, burst(2400, { allowed: 9000, errors: 1000 })), BURST).reach).toBeUndefined();
    expect(formatTable({ ...withBurst(2970, burst(2400)), targets: [] })).toContain('  the same to the durable ceiling: 2.40 s for 10,000 over 256 sockets (10,000 "1", 0 errors)');
  });

  it('keeps what is met: ours beating a reference that missed stays met, and old results have no reach', () => {
    expect(check(withBurst(1900, burst(2400)), BURST)).toMatchObject({ met: true, reach: { reachable: false } });
    expect(line(withBurst(1900, burst(2400)), BURST)).toMatch(/^ {2}\[met\] .*bare Koa: 1\.50 s$/);
    // Results from before the durable ceiling: the misses are plain misses.
    expect(check(ours(), KEEPALIVE_RATIO).reach).toBeUndefined();
    expect(line(ours(), KEEPALIVE_RATIO)).toMatch(/^ {2}\[MISSED\] /);
  });

  it('counts the misses by ours alone apart from those out of reach', () => {
    const r = { ...ours(), durableCeiling: { keepalive: load('keepalive', 5500, 3), fresh: load('fresh', 4500, 12) } };
    // Missed: keep-alive ratio (out of reach), fresh ratio (ours), fresh p99 (out of reach); met: both
    // modes' replies, keep-alive p99, RSS.
    const table = formatTable({ ...r, targets: checkTargets(r) });
    expect(table).toContain('  4 met, 3 missed: 1 by ours alone, 2 out of reach on this machine (a reference doing less than ours missed them too in this run)');
  });
});
