// The bench's results: their JSON shape, the table printed at the end, and the targets
// checked against what was measured. Each load is measured once per connection mode
// (keep-alive, and fresh: one connection per request as 2.9.6), against the ceiling in that mode.

import type { BurstResult, LoadResult } from './load-worker';
import type { ConnectionMode } from './load-requests';
import type { FillCounts } from './state-fill';

/** One load result per connection mode measured. */
export type ModeLoads = Partial<Record<ConnectionMode, LoadResult>>;

export interface SizeResult {
  /** Viewer sessions the bench opened (and the server accepted). */
  sessions: number;
  /** Viewers the admin API reported at the start of the load, when it could be read. */
  viewersInState: number | null;
  fill: FillCounts & { elapsedMs: number };
  loads: ModeLoads;
  /** Our throughput over the ceiling's in the same connection mode. */
  ratioToCeiling: Partial<Record<ConnectionMode, number>>;
  rssBytesBefore: number | null;
  /** After the loads of every mode at this size. */
  rssBytesAfter: number | null;
  dataBytes: number;
  dataFiles: Record<string, number>;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchConfig {
  quick: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  connectionModes: ConnectionMode[];
  sizes: number[];
  channels: number;
  burst: number;
  burstSockets: number;
  /** Where our server's CPU and heap profiles go, when asked for (--profile). */
  profileDir?: string;
}

export interface BenchResults {
  startedAt: string;
  command: string;
  machine: { cpu: string; cores: number; memoryBytes: number; os: string; node: string; loadAverageAtStart: number };
  config: BenchConfig;
  ceiling: ModeLoads;
  sizes: SizeResult[];
  burst: (BurstResult & { sessionsBefore: number; rssBytesAfter: number | null }) | null;
  targets: TargetCheck[];
  problems: string[];
}

export const MODE_LABEL: Record<ConnectionMode, string> = { keepalive: 'keep-alive', fresh: 'fresh' };

const mb = (bytes: number | null): string => (bytes === null ? '-' : (bytes / 1_000_000).toFixed(1));
const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
const n = (value: number): string => value.toLocaleString('en-US');

/** Targets that compare loads: checked in each connection mode measured. */
function loadTargets(r: BenchResults, mode: ConnectionMode, sorted: SizeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const label = ` (${MODE_LABEL[mode]})`;
  const at = (s: SizeResult | undefined): LoadResult | undefined => s?.loads[mode];
  const small = sorted[0];
  const large = sorted[sorted.length - 1];
  const middle = sorted.find((s) => s.sessions === 10_000) ?? sorted[Math.floor(sorted.length / 2)];
  const ratio = middle?.ratioToCeiling[mode];
  const middleLoad = at(middle);
  if (middle && middleLoad && ratio !== undefined) {
    checks.push({
      target: `durable USER_PLAYING at ${n(middle.sessions)} sessions >= 50% of the ceiling${label}`,
      measured: `${(ratio * 100).toFixed(0)}% (${n(middleLoad.requestsPerSecond)} of ${n(r.ceiling[mode]?.requestsPerSecond ?? 0)} req/s)`,
      met: ratio >= 0.5,
    });
  }
  if (middle && middleLoad) {
    checks.push({ target: `p99 at ${n(middle.sessions)} sessions < 20 ms${label}`, measured: `${ms(middleLoad.latencyMs.p99)} ms`, met: middleLoad.latencyMs.p99 < 20 });
  }
  const smallLoad = at(small);
  const largeLoad = at(large);
  if (small && large && small !== large && smallLoad && largeLoad) {
    const scale = largeLoad.requestsPerSecond / Math.max(1, smallLoad.requestsPerSecond);
    checks.push({
      target: `throughput at ${n(large.sessions)} within 20% of that at ${n(small.sessions)}${label}`,
      measured: `${(scale * 100).toFixed(0)}% (${n(largeLoad.requestsPerSecond)} vs ${n(smallLoad.requestsPerSecond)} req/s)`,
      met: scale >= 0.8,
    });
  }
  return checks;
}

export function checkTargets(r: BenchResults): TargetCheck[] {
  const sorted = [...r.sizes].sort((a, b) => a.sessions - b.sessions);
  const checks = r.config.connectionModes.flatMap((mode) => loadTargets(r, mode, sorted));
  if (r.burst) {
    const b = r.burst;
    checks.push({
      target: `${n(b.requests)}-viewer USER_ONLINE burst answered within 2 s`,
      measured: `${(b.elapsedMs / 1000).toFixed(2)} s, ${n(b.allowed)} "1" / ${n(b.denied)} "0" / ${n(b.errors)} errors`,
      met: b.elapsedMs <= 2000 && b.errors === 0,
    });
  }
  const large = sorted[sorted.length - 1];
  if (large) {
    const rss = large.rssBytesAfter;
    checks.push({ target: `RSS at ${n(large.sessions)} sessions < 300 MB`, measured: `${mb(rss)} MB`, met: rss === null ? null : rss < 300_000_000 });
  }
  return checks;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i <= 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

const WIDTHS = [34, 11, 9, 8, 8, 8, 8, 8, 9, 22];
const HEADER = ['run', 'connection', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'ceiling', 'RSS MB', 'data MB', 'replies 1/0/other'];

/** The cells of one load; `rest`: ceiling ratio, RSS, data. */
function loadRow(name: string, mode: ConnectionMode, l: LoadResult, rest: [string, string, string]): string {
  const other = l.unreadable + l.errors + l.timeouts;
  return row([name, MODE_LABEL[mode], n(l.requestsPerSecond), ms(l.latencyMs.p50), ms(l.latencyMs.p90), ms(l.latencyMs.p99), ...rest, `${l.allowed}/${l.denied}/${other}`], WIDTHS);
}

function loadRows(r: BenchResults): string[] {
  const lines = [row(HEADER, WIDTHS)];
  for (const mode of r.config.connectionModes) {
    const c = r.ceiling[mode];
    if (c) lines.push(loadRow('ceiling: bare Koa, constant reply', mode, c, ['100%', '-', '-']));
  }
  for (const s of r.sizes) {
    const modes = r.config.connectionModes.filter((mode) => s.loads[mode] !== undefined);
    modes.forEach((mode, i) => {
      const ratio = s.ratioToCeiling[mode];
      const last = i === modes.length - 1;
      const rest: [string, string, string] = [ratio === undefined ? '-' : `${(ratio * 100).toFixed(0)}%`, last ? mb(s.rssBytesAfter) : '', last ? mb(s.dataBytes) : ''];
      lines.push(loadRow(`ours: PLAYING, ${n(s.sessions)} sessions`, mode, s.loads[mode] as LoadResult, rest));
    });
  }
  for (const l of [...Object.values(r.ceiling), ...r.sizes.flatMap((s) => Object.values(s.loads))]) {
    if (l.firstError) lines.push(`  first error (${MODE_LABEL[l.mode]}): ${l.firstError}`);
  }
  return lines;
}

function burstLines(r: BenchResults): string[] {
  if (!r.burst) return [];
  const b = r.burst;
  const lines = [
    '',
    `Burst: ${n(b.requests)} USER_ONLINE for new viewers over ${b.sockets} sockets, on top of ${n(b.sessionsBefore)} sessions: ` +
      `all answered in ${(b.elapsedMs / 1000).toFixed(2)} s (${n(b.allowed)} "1", ${n(b.denied)} "0", ${n(b.errors)} errors); RSS after ${mb(b.rssBytesAfter)} MB`,
  ];
  if (b.firstError) lines.push(`  first burst error: ${b.firstError}`);
  return lines;
}

export function formatTable(r: BenchResults): string {
  const busy = r.machine.loadAverageAtStart > r.machine.cores * 0.5;
  const lines = [
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${mb(r.machine.memoryBytes)} MB, ${r.machine.os}, Node ${r.machine.node}`,
    `Command: ${r.command}  (${r.config.connections} requests in flight, ${r.config.durationSeconds} s per run, signed form POST as 2.9.6, loopback)`,
    'Connection: keep-alive = connections kept open (autocannon); fresh = one TCP connection per request, closed after the reply, as 2.9.6.',
    '',
    ...(busy ? [`WARNING: the machine was busy at the start (load average ${r.machine.loadAverageAtStart.toFixed(1)} on ${r.machine.cores} cores): these numbers understate it.`, ''] : []),
    ...loadRows(r),
    ...burstLines(r),
  ];
  for (const s of r.sizes) {
    if (s.viewersInState !== null && s.viewersInState !== s.sessions) {
      lines.push(`Note: at ${n(s.sessions)} sessions the admin API counted ${n(s.viewersInState)} viewers.`);
    }
  }
  if (r.targets.length > 0) {
    lines.push('', 'Targets (issue 5):');
    for (const t of r.targets) lines.push(`  [${t.met === null ? '?' : t.met ? 'met' : 'MISSED'}] ${t.target}: ${t.measured}`);
  }
  for (const p of r.problems) lines.push(`Problem: ${p}`);
  return lines.join('\n');
}
