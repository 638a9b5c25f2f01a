// The bench's target checks (targets.ts) and options (bench-options.ts) on made-up results:
// which sizes are checked, the thresholds per connection mode, errors and "0" replies, the
// families and the stream. Pure: nothing is run or timed.

import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../server/simulator/bench/bench-options';
import type { DiskFloorResult } from '../../server/simulator/bench/disk-floor';
import type { BenchResults, FamilyResult, PacedRun, SizeResult, StreamResult } from '../../server/simulator/bench/report';
import { formatTable } from '../../server/simulator/bench/table';
import { checkTargets, sizesChecked } from '../../server/simulator/bench/targets';
import { load, paced, results, size } from '../support/bench-results';

const byTarget = (r: BenchResults): Record<string, boolean | null> => Object.fromEntries(checkTargets(r).map((t) => [t.target, t.met]));

describe('bench targets (issue 15)', () => {
  it('checks 10,000 and 100,000 sessions when measured, else only the largest size', () => {
    const sizes = [100, 10_000, 100_000].map((s) => size(s, load('keepalive', 8000, 5), load('fresh', 4500, 5)));
    expect(sizesChecked(sizes).map((s) => s.sessions)).toEqual([10_000, 100_000]);
    const quick = [100, 1000, 5000].map((s) => size(s, load('keepalive', 8000, 5), load('fresh', 4500, 5)));
    expect(sizesChecked(quick).map((s) => s.sessions)).toEqual([5000]);
  });

  it('asks 0.7 of the ceiling with keep-alive and 0.8 with a connection per request', () => {
    // keep-alive 0.75 (met), fresh 0.75 (missed)
    const met = byTarget(results([size(10_000, load('keepalive', 7500, 5), load('fresh', 3750, 5))]));
    expect(met['USER_PLAYING at 10,000 sessions >= 0.7 of the ceiling (keep-alive)']).toBe(true);
    expect(met['USER_PLAYING at 10,000 sessions >= 0.8 of the ceiling (fresh)']).toBe(false);
    expect(met['USER_PLAYING at 10,000 sessions p99 < 10 ms (fresh)']).toBe(true);
  });

  it('misses on a p99 of 10 ms or more, and on any "0", error or timeout', () => {
    const denied = load('fresh', 4500, 5, { allowed: 44_999, denied: 1 });
    const met = byTarget(results([size(10_000, load('keepalive', 8000, 10), denied)]));
    expect(met['USER_PLAYING at 10,000 sessions p99 < 10 ms (keep-alive)']).toBe(false);
    expect(met['USER_PLAYING at 10,000 sessions every reply "1", no errors (keep-alive)']).toBe(true);
    expect(met['USER_PLAYING at 10,000 sessions every reply "1", no errors (fresh)']).toBe(false);
    const timedOut = byTarget(results([size(10_000, load('keepalive', 8000, 5, { timeouts: 1 }), load('fresh', 4500, 5))]));
    expect(timedOut['USER_PLAYING at 10,000 sessions every reply "1", no errors (keep-alive)']).toBe(false);
  });

  it('checks each family in each mode against the same ceiling', () => {
    const family: FamilyResult = {
      family: 'call',
      action: 'AEC_VOIP_USER_PLAYING',
      items: 1000,
      sessionsInState: 10_000,
      fill: { allowed: 1000, denied: 0, errors: 0, firstProblem: null, elapsedMs: 1 },
      loads: { keepalive: load('keepalive', 6000, 5), fresh: load('fresh', 4200, 12) },
      ratioToCeiling: { keepalive: 0.6, fresh: 0.84 },
      rssBytesAfter: null,
      countedByServer: 100_000,
      sent: 100_000,
    };
    const met = byTarget(results([size(10_000, load('keepalive', 8000, 5), load('fresh', 4500, 5))], [family]));
    expect(met['AEC_VOIP_USER_PLAYING over 1,000 calls >= 0.7 of the ceiling (keep-alive)']).toBe(false);
    expect(met['AEC_VOIP_USER_PLAYING over 1,000 calls >= 0.8 of the ceiling (fresh)']).toBe(true);
    expect(met['AEC_VOIP_USER_PLAYING over 1,000 calls p99 < 10 ms (fresh)']).toBe(false);
  });

  it('checks the stream per minute as received and decoded, and leaves a failed measurement open', () => {
    const stream: StreamResult = {
      command: 'cli demo',
      path: '/api/stream?topics=channels',
      acceptEncoding: 'gzip, deflate, br, zstd',
      contentEncoding: 'br',
      warmupSeconds: 20,
      measuredSeconds: 60,
      snapshotBytes: 1000,
      wireBytes: 59_000,
      decodedBytes: 35_000,
      wireBytesPerMinute: 59_000,
      decodedBytesPerMinute: 35_000,
      byEvent: { channels: { messages: 10, bytes: 500_000 }, summary: { messages: 60, bytes: 100_000 } },
      studio: { channels: 6, viewers: 60, callbacksPerMinute: 300 },
      callbacksPerSecond: 10,
      problems: [],
    };
    const [ok] = checkTargets(results([], [], stream));
    expect(ok?.met).toBe(true);
    const [over] = checkTargets(results([], [], { ...stream, wireBytesPerMinute: 60_000 }));
    expect(over?.met).toBe(false);
    // A client that does not ask for compression gets the decoded bytes.
    const [decodedOver] = checkTargets(results([], [], { ...stream, wireBytesPerMinute: 8_000, decodedBytesPerMinute: 150_000 }));
    expect(decodedOver?.met).toBe(false);
    const [failed] = checkTargets(results([], [], { ...stream, problems: ['HTTP 401'] }));
    expect(failed?.met).toBeNull();
    expect(formatTable(results([], [], stream))).toContain('decoded by event: channels 10 msgs 500.0 KB, summary 60 msgs 100.0 KB');
  });
});

describe('bench options for families and the stream', () => {
  const config = (argv: string[]) => {
    const parsed = parseBenchArgs(argv, '/repo');
    if (parsed.kind !== 'bench') throw new Error(parsed.kind === 'error' ? parsed.message : parsed.kind);
    return { ...parsed.r.config, streamOnly: parsed.streamOnly, stateAtScaleOnly: parsed.stateAtScaleOnly };
  };

  it('measures every family and the stream by default, for 60 s after 20 s', () => {
    expect(config([])).toMatchObject({ families: ['chatroom', 'group', 'call'], familySize: 1000, stream: true, streamSeconds: 60, streamWarmupSeconds: 20 });
  });

  it('keeps --quick quick: smaller families, the stream read for five load runs', () => {
    expect(config(['--quick'])).toMatchObject({ familySize: 200, streamSeconds: 15, streamWarmupSeconds: 10 });
    expect(config(['--quick', '--duration', '2'])).toMatchObject({ streamSeconds: 10 });
  });

  it('reads --families, --no-families, --family-size, --no-stream, --stream-only and --stream-seconds', () => {
    expect(config(['--families', 'call']).families).toEqual(['call']);
    expect(config(['--no-families']).families).toEqual([]);
    expect(config(['--family-size', '50']).familySize).toBe(50);
    expect(config(['--no-stream']).stream).toBe(false);
    expect(config(['--stream-only', '--stream-seconds', '30'])).toMatchObject({ streamOnly: true, stream: true, streamSeconds: 30 });
    expect(config(['--state-at-scale-only'])).toMatchObject({ stateAtScaleOnly: true, streamOnly: false, stateHistoryHours: 24 });
  });

  it('refuses contradictions', () => {
    for (const argv of [['--families', 'call', '--no-families'], ['--stream-only', '--no-stream'], ['--stream-only', '--ceiling-only'], ['--state-at-scale-only', '--stream-only'], ['--state-at-scale-only', '--no-state-at-scale'], ['--families', 'rooms']]) {
      expect(parseBenchArgs(argv, '/repo').kind, argv.join(' ')).toBe('error');
    }
  });

  it('checks memory, the snapshot block and the restart of the state at scale', () => {
    const start = { healthzMs: 900, rssBytesAtHealthz: 200e6, rssBytesSettled: 250e6, heapUsedBytes: 100e6, heapTotalBytes: 150e6, externalBytes: 40e6 };
    const stateAtScale = {
      sessions: 100_000,
      historyHours: 24,
      generatedMs: 1000,
      dataBytes: 50e6,
      dataFiles: {},
      firstStart: start,
      snapshot: { serverBlockMs: 12, probeMaxMs: 15, seconds: 2 },
      restart: { ...start, healthzMs: 1200 },
      viewersAfterRestart: 100_000,
      problems: [],
    };
    const met = byTarget({ ...results([]), stateAtScale });
    expect(met['RSS with 100,000 sessions and 24 h of history < 300.0 MB, no heap cap']).toBe(true);
    expect(met['a snapshot blocks the event loop <= 20 ms (100,000 sessions and 24 h of history)']).toBe(true);
    expect(met['restart after kill -9 to /healthz < 1 s (100,000 sessions and 24 h of history)']).toBe(false);
    const blocked = byTarget({ ...results([]), stateAtScale: { ...stateAtScale, snapshot: { serverBlockMs: 40, probeMaxMs: 45, seconds: 2 } } });
    expect(blocked['a snapshot blocks the event loop <= 20 ms (100,000 sessions and 24 h of history)']).toBe(false);
    const heavyRestart = byTarget({ ...results([]), stateAtScale: { ...stateAtScale, restart: { ...start, rssBytesSettled: 310e6 } } });
    expect(heavyRestart['RSS with 100,000 sessions and 24 h of history < 300.0 MB, no heap cap']).toBe(false);
  });

  it('checks p99 at the real rate of each size, and shows it under the ceiling at the same rate', () => {
    const at = (p: PacedRun | null): SizeResult => ({ ...size(100_000, load('keepalive', 8000, 5), load('fresh', 4500, 5)), paced: p });
    const target = 'USER_PLAYING at 100,000 sessions at their real rate (1,667/s, a connection each) p99 < 10 ms, every reply "1"';
    const withCeiling = (sizes: SizeResult[]): BenchResults => ({ ...results(sizes), ceilingPaced: { '100000': paced(40, { serverCores: 0.55 }) } });

    expect(byTarget(withCeiling([at(paced(6))]))[target]).toBe(true);
    expect(byTarget(withCeiling([at(paced(80))]))[target]).toBe(false);
    expect(byTarget(withCeiling([at(paced(6, { allowed: 33_332, denied: 1 }))]))[target]).toBe(false);
    expect(byTarget(withCeiling([at(paced(6, { replies: 33_000, errors: 333 }))]))[target]).toBe(false);
    // Not measured (--paced-seconds 0, or results from before the step): no row.
    expect(target in byTarget(withCeiling([at(null)]))).toBe(false);

    const measured = checkTargets(withCeiling([at(paced(80))])).find((t) => t.target === target)?.measured;
    expect(measured).toContain('p99 80.0 ms');
    expect(measured).toContain('the ceiling at the same rate: p99 40.0 ms, 0.55 cores');
    const table = formatTable({ ...withCeiling([at(paced(80))]), targets: [] });
    expect(table).toContain('100,000 sessions, 1,667 req/s for 20 s:');
    expect(table).toMatch(/ours {3}: p50 1\.50 \/ p90 3\.00 \/ p99 80\.0 \/ max 160\.0 ms, 0\.80 cores/);
    expect(table).toMatch(/ceiling: p50 1\.50 \/ p90 3\.00 \/ p99 40\.0 \/ max 80\.0 ms, 0\.55 cores/);
  });

  it('shows the disk alone at the real rate next to ours, without changing what is met', () => {
    const run = paced(120, { latencyMs: { mean: 9, p50: 2, p90: 25, p99: 120, max: 400 } });
    const disk: DiskFloorResult = { ratePerSecond: 1666.67, scheduled: 33_333, syncs: 30_000, slowSyncs: 4, longestSyncMs: 310, durationSeconds: 20, latencyMs: { mean: 1, p50: 0.4, p90: 0.9, p99: 95, max: 311 } };
    const target = 'USER_PLAYING at 100,000 sessions at their real rate (1,667/s, a connection each) p99 < 10 ms, every reply "1"';
    const withDisk = results([{ ...size(100_000, load('keepalive', 8000, 5), load('fresh', 4500, 5)), paced: run, disk }]);

    const check = checkTargets(withDisk).find((t) => t.target === target);
    expect(check?.met).toBe(false);
    expect(check?.measured).toContain('the disk alone at this rate: p99 95.0 ms, longest fdatasync 310.0 ms');
    const table = formatTable({ ...withDisk, targets: [] });
    expect(table).toMatch(/disk {3}: p50 0\.40 \/ p90 0\.90 \/ p99 95\.0 \/ max 311\.0 ms; 30,000 fdatasyncs, 4 over 20 ms, the longest 310\.0 ms/);
    // Results from before the disk was measured: no line, no mention.
    const without = results([{ ...size(100_000, load('keepalive', 8000, 5), load('fresh', 4500, 5)), paced: run }]);
    expect(formatTable({ ...without, targets: [] })).not.toContain('disk   :');
    expect(checkTargets(without).find((t) => t.target === target)?.measured).not.toContain('disk');
  });

  it('reads each ratio against the durable ceiling too, when it was measured, without changing what is met', () => {
    const sizes = [size(100_000, load('keepalive', 6500, 5), load('fresh', 3600, 5))];
    const durable = { keepalive: load('keepalive', 7000, 3), fresh: load('fresh', 4000, 6) };
    const target = 'USER_PLAYING at 100,000 sessions >= 0.7 of the ceiling (keep-alive)';

    const check = checkTargets({ ...results(sizes), durableCeiling: durable }).find((t) => t.target === target);
    expect(check?.met).toBe(false);
    expect(check?.measured).toBe("0.65 (6,500 of 10,000 req/s); 0.93 of the durable ceiling's 7,000 req/s");
    const table = formatTable({ ...results(sizes), durableCeiling: durable, targets: [] });
    expect(table).toMatch(/ceiling \+ our journal \(durable\) +keep-alive +7,000 .* 70% /);
    expect(table).toMatch(/ceiling \+ our journal \(durable\) +fresh +4,000 .* 80% /);
    // Results from before the durable ceiling: no row, no mention.
    expect(formatTable({ ...results(sizes), targets: [] })).not.toContain('durable');
    expect(checkTargets(results(sizes)).find((t) => t.target === target)?.measured).toBe('0.65 (6,500 of 10,000 req/s)');
  });

  it('takes the seconds at the real rate from --paced-seconds, 0 to skip', () => {
    const seconds = (argv: string[]): number | undefined => {
      const parsed = parseBenchArgs(argv, '/repo');
      return parsed.kind === 'bench' ? parsed.r.config.pacedSeconds : undefined;
    };
    expect(seconds([])).toBe(20);
    expect(seconds(['--quick'])).toBe(5);
    expect(seconds(['--paced-seconds', '0'])).toBe(0);
    expect(parseBenchArgs(['--paced-seconds', 'soon'], '/repo').kind).toBe('error');
  });
});
