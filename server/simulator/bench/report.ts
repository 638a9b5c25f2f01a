// The bench's results: their JSON shape, the table printed at the end, and the targets
// checked against what was measured.

import type { BurstResult, LoadResult } from './load-worker';
import type { FillCounts } from './state-fill';

export interface SizeResult {
  /** Viewer sessions the bench opened (and the server accepted). */
  sessions: number;
  /** Viewers the admin API reported at the start of the load, when it could be read. */
  viewersInState: number | null;
  fill: FillCounts & { elapsedMs: number };
  load: LoadResult;
  /** Our throughput over the ceiling's. */
  ratioToCeiling: number | null;
  rssBytesBefore: number | null;
  rssBytesAfter: number | null;
  dataBytes: number;
  dataFiles: Record<string, number>;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  command: string;
  machine: { cpu: string; cores: number; memoryBytes: number; os: string; node: string; loadAverageAtStart: number };
  config: { quick: boolean; durationSeconds: number; warmupSeconds: number; connections: number; sizes: number[]; channels: number; burst: number; burstSockets: number };
  ceiling: LoadResult | null;
  sizes: SizeResult[];
  burst: (BurstResult & { sessionsBefore: number; rssBytesAfter: number | null }) | null;
  targets: TargetCheck[];
  problems: string[];
}

const mb = (bytes: number | null): string => (bytes === null ? '-' : (bytes / 1_000_000).toFixed(1));
const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
const n = (value: number): string => value.toLocaleString('en-US');

export function checkTargets(r: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const sorted = [...r.sizes].sort((a, b) => a.sessions - b.sessions);
  const small = sorted[0];
  const large = sorted[sorted.length - 1];
  const middle = sorted.find((s) => s.sessions === 10_000) ?? sorted[Math.floor(sorted.length / 2)];
  if (middle && middle.ratioToCeiling !== null) {
    checks.push({
      target: `durable USER_PLAYING at ${n(middle.sessions)} sessions >= 50% of the ceiling`,
      measured: `${(middle.ratioToCeiling * 100).toFixed(0)}% (${n(middle.load.requestsPerSecond)} of ${n(r.ceiling?.requestsPerSecond ?? 0)} req/s)`,
      met: middle.ratioToCeiling >= 0.5,
    });
  }
  if (middle) {
    checks.push({ target: `p99 at ${n(middle.sessions)} sessions < 20 ms`, measured: `${ms(middle.load.latencyMs.p99)} ms`, met: middle.load.latencyMs.p99 < 20 });
  }
  if (small && large && small !== large) {
    const ratio = large.load.requestsPerSecond / Math.max(1, small.load.requestsPerSecond);
    checks.push({
      target: `throughput at ${n(large.sessions)} within 20% of that at ${n(small.sessions)}`,
      measured: `${(ratio * 100).toFixed(0)}% (${n(large.load.requestsPerSecond)} vs ${n(small.load.requestsPerSecond)} req/s)`,
      met: ratio >= 0.8,
    });
  }
  if (r.burst) {
    const b = r.burst;
    checks.push({
      target: `${n(b.requests)}-viewer USER_ONLINE burst answered within 2 s`,
      measured: `${(b.elapsedMs / 1000).toFixed(2)} s, ${n(b.allowed)} "1" / ${n(b.denied)} "0" / ${n(b.errors)} errors`,
      met: b.elapsedMs <= 2000 && b.errors === 0,
    });
  }
  if (large) {
    const rss = large.rssBytesAfter;
    checks.push({ target: `RSS at ${n(large.sessions)} sessions < 300 MB`, measured: `${mb(rss)} MB`, met: rss === null ? null : rss < 300_000_000 });
  }
  return checks;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

export function formatTable(r: BenchResults): string {
  const widths = [34, 9, 8, 8, 8, 8, 8, 9, 22];
  const lines = [
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${mb(r.machine.memoryBytes)} MB, ${r.machine.os}, Node ${r.machine.node}`,
    `Command: ${r.command}  (${r.config.connections} connections, ${r.config.durationSeconds} s per run, form POST, loopback)`,
    '',
    ...(r.machine.loadAverageAtStart > r.machine.cores * 0.5
      ? [`WARNING: the machine was busy at the start (load average ${r.machine.loadAverageAtStart.toFixed(1)} on ${r.machine.cores} cores): these numbers understate it.`, '']
      : []),
    row(['run', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'ceiling', 'RSS MB', 'data MB', 'replies 1/0/other'], widths),
  ];
  if (r.ceiling) {
    const c = r.ceiling;
    lines.push(row(['ceiling: bare Koa, constant reply', n(c.requestsPerSecond), ms(c.latencyMs.p50), ms(c.latencyMs.p90), ms(c.latencyMs.p99), '100%', '-', '-', `${c.allowed}/${c.denied}/${c.unreadable + c.errors}`], widths));
  }
  for (const s of r.sizes) {
    const l = s.load;
    lines.push(
      row(
        [
          `ours: PLAYING, ${n(s.sessions)} sessions`,
          n(l.requestsPerSecond),
          ms(l.latencyMs.p50),
          ms(l.latencyMs.p90),
          ms(l.latencyMs.p99),
          s.ratioToCeiling === null ? '-' : `${(s.ratioToCeiling * 100).toFixed(0)}%`,
          mb(s.rssBytesAfter),
          mb(s.dataBytes),
          `${l.allowed}/${l.denied}/${l.unreadable + l.errors}`,
        ],
        widths,
      ),
    );
  }
  if (r.burst) {
    const b = r.burst;
    lines.push('', `Burst: ${n(b.requests)} USER_ONLINE for new viewers over ${b.sockets} sockets, on top of ${n(b.sessionsBefore)} sessions: ` +
      `all answered in ${(b.elapsedMs / 1000).toFixed(2)} s (${n(b.allowed)} "1", ${n(b.denied)} "0", ${n(b.errors)} errors); RSS after ${mb(b.rssBytesAfter)} MB`);
    if (b.firstError) lines.push(`  first burst error: ${b.firstError}`);
  }
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
