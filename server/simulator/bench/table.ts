// The table `bench` prints at the end: the machine, every load (ceiling, USER_PLAYING per size,
// each family's action) per connection mode with its ratio to the ceiling, each size at its
// real rate, the burst, the dashboard stream, and the targets (targets.ts).

import { formatStateAtScale } from './state-at-scale';
import type { ConnectionMode } from './load-requests';
import type { LoadResult } from './load-worker';
import { coresUsed, kb, mb, MODE_LABEL, ms, n, perSecond, seconds } from './report';
import { SLOW_SYNC_MS } from './disk-floor';
import type { DiskFloorResult } from './disk-floor';
import type { BenchResults, ModeLoads, PacedRun, TargetCheck } from './report';

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
  if (Object.keys(r.ceiling).length === 0 && r.sizes.length === 0 && r.families.length === 0) return [];
  const lines = [row(HEADER, WIDTHS)];
  for (const mode of r.config.connectionModes) {
    const c = r.ceiling[mode];
    if (c) lines.push(loadRow('ceiling: bare Koa, constant reply', mode, c, ['100%', '-', '-']));
    const ofCeiling = (l: LoadResult): [string, string, string] => [`${((l.requestsPerSecond / Math.max(1, c?.requestsPerSecond ?? 0)) * 100).toFixed(0)}%`, '-', '-'];
    const durable = r.durableCeiling?.[mode];
    if (c && durable) lines.push(loadRow('ceiling + our journal (durable)', mode, durable, ofCeiling(durable)));
    const again = r.ceilingAtEnd?.[mode];
    if (c && again) lines.push(loadRow('ceiling again, after our loads', mode, again, ofCeiling(again)));
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
  for (const f of r.families) lines.push(...modeRows(r, `${f.family}: ${f.action.replace(/^AEC_/, '')}`, f.loads, f.ratioToCeiling));
  for (const l of [...Object.values(r.ceiling), ...r.sizes.flatMap((s) => Object.values(s.loads)), ...r.families.flatMap((f) => Object.values(f.loads))]) {
    if (l.firstError) lines.push(`  first error (${MODE_LABEL[l.mode]}): ${l.firstError}`);
  }
  return lines;
}

/** One row per mode measured, for a load that has no RSS or data column of its own. */
function modeRows(r: BenchResults, name: string, loads: ModeLoads, ratios: Partial<Record<ConnectionMode, number>>): string[] {
  return r.config.connectionModes.flatMap((mode) => {
    const load = loads[mode];
    const ratio = ratios[mode];
    return load ? [loadRow(name, mode, load, [ratio === undefined ? '-' : `${(ratio * 100).toFixed(0)}%`, '', ''])] : [];
  });
}

function familyLines(r: BenchResults): string[] {
  if (r.families.length === 0) return [];
  const lines = ['', 'Families (rows above): each on the same server after the sizes and the burst, its items set up first, a fresh ts per pass:'];
  for (const f of r.families) {
    lines.push(`  ${f.family}: ${f.action} over ${n(f.items)} items, ${n(f.sessionsInState)} viewer sessions in the state; set up in ${(f.fill.elapsedMs / 1000).toFixed(1)} s (${n(f.fill.denied)} refused, ${n(f.fill.errors)} errors); RSS after ${mb(f.rssBytesAfter)} MB`);
    const counted = f.countedByServer === null ? 'could not be read' : n(f.countedByServer);
    lines.push(`    the server's counter grew by ${counted} over ${n(f.sent)} requests sent (warm-ups included)`);
    if (f.fill.firstProblem) lines.push(`    first set-up problem: ${f.fill.firstProblem}`);
  }
  return lines;
}

function streamLines(r: BenchResults): string[] {
  const s = r.stream;
  if (!s) return [];
  const events = Object.entries(s.byEvent)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([name, t]) => `${name} ${n(t.messages)} msgs ${kb(t.bytes)} KB`)
    .join(', ');
  const studio = s.studio ? `${n(s.studio.channels)} channels, ${n(s.studio.viewers)} viewers, ${n(s.studio.callbacksPerMinute)} callbacks/min` : 'studio unknown';
  const lines = [
    '',
    `Stream: ${s.path} (${s.command}; Accept-Encoding ${s.acceptEncoding}; ${s.contentEncoding ?? 'not compressed'}), ${s.measuredSeconds.toFixed(0)} s after ${s.warmupSeconds} s warm-up:`,
    `  ${kb(s.wireBytesPerMinute)} KB a minute received, ${kb(s.decodedBytesPerMinute)} KB decoded (snapshot at connect ${kb(s.snapshotBytes)} KB, not counted); ${studio}` +
      `${s.callbacksPerSecond === null ? '' : `, ${s.callbacksPerSecond.toFixed(0)} callbacks/s`}`,
    `  decoded by event: ${events || 'none'}`,
  ];
  for (const p of s.problems) lines.push(`  stream problem: ${p}`);
  return lines;
}

function pacedLine(name: string, p: PacedRun): string {
  const l = p.latencyMs;
  const cpu = p.serverCores === null ? '' : `, ${coresUsed(p.serverCores)} cores`;
  const waited = p.waitedForConnection > 0 ? `, ${n(p.waitedForConnection)} waited for a connection` : '';
  const failed = p.errors + p.timeouts + p.denied + p.unreadable;
  return `    ${name}: p50 ${ms(l.p50)} / p90 ${ms(l.p90)} / p99 ${ms(l.p99)} / max ${ms(l.max)} ms${cpu}; ${n(p.allowed)} "1" of ${n(p.scheduled)}${failed > 0 ? `, ${n(failed)} not "1"` : ''}${waited}`;
}

function diskLine(d: DiskFloorResult): string {
  const l = d.latencyMs;
  return `    disk   : p50 ${ms(l.p50)} / p90 ${ms(l.p90)} / p99 ${ms(l.p99)} / max ${ms(l.max)} ms; ${n(d.syncs)} fdatasyncs, ${n(d.slowSyncs)} over ${SLOW_SYNC_MS} ms, the longest ${ms(d.longestSyncMs)} ms (no server: records written and synced in groups)`;
}

/** Each size at its real rate: ours, the ceiling's at the same rate, and the disk alone at it. */
function pacedLines(r: BenchResults): string[] {
  const lines: string[] = [];
  for (const s of r.sizes) {
    const p = s.paced;
    if (!p) continue;
    lines.push(`  ${n(s.sessions)} sessions, ${perSecond(p.ratePerSecond)} req/s for ${r.config.pacedSeconds ?? '?'} s:`, pacedLine('ours   ', p));
    const ceiling = r.ceilingPaced?.[String(s.sessions)];
    if (ceiling) lines.push(pacedLine('ceiling', ceiling));
    if (s.disk) lines.push(diskLine(s.disk));
    if (p.firstError) lines.push(`    first error: ${p.firstError}`);
  }
  if (lines.length === 0) return [];
  return ['', "At the real rate (one USER_PLAYING per viewer a minute, a connection each; latency from each request's time in the schedule, so waits count):", ...lines];
}

function burstLines(r: BenchResults): string[] {
  const b = r.burst;
  const references = [
    { name: 'bare Koa', burst: r.ceilingBurst },
    { name: 'the durable ceiling', burst: r.durableCeilingBurst },
  ];
  const lines: string[] = [];
  if (b) {
    lines.push(
      '',
      `Burst: ${n(b.requests)} USER_ONLINE for new viewers over ${b.sockets} sockets, on top of ${n(b.sessionsBefore)} sessions: ` +
        `all answered in ${seconds(b.elapsedMs)} s (${n(b.allowed)} "1", ${n(b.denied)} "0", ${n(b.errors)} errors); RSS after ${mb(b.rssBytesAfter)} MB`,
    );
    if (b.firstError) lines.push(`  first burst error: ${b.firstError}`);
  } else if (references.some((ref) => ref.burst)) {
    lines.push('', 'Burst, USER_ONLINE for new viewers:');
  }
  for (const { name, burst } of references) {
    if (!burst) continue;
    lines.push(`  the same to ${name}: ${seconds(burst.elapsedMs)} s for ${n(burst.requests)} over ${burst.sockets} sockets (${n(burst.allowed)} "1", ${n(burst.errors)} errors)`);
    if (burst.firstError) lines.push(`    first error: ${burst.firstError}`);
  }
  return lines;
}

/** A miss that a reference doing less than ours missed too in the same run (reach.ts). */
const outOfReach = (t: TargetCheck): boolean => t.met === false && t.reach?.reachable === false;

function targetLines(targets: TargetCheck[]): string[] {
  if (targets.length === 0) return [];
  const lines = ['', 'Targets (issue 15):'];
  for (const t of targets) {
    const verdict = t.met === null ? '?' : t.met ? 'met' : outOfReach(t) ? 'MISSED, out of reach here' : 'MISSED';
    lines.push(`  [${verdict}] ${t.target}: ${t.measured}${outOfReach(t) ? `; ${t.reach?.reference}` : ''}`);
  }
  const missed = targets.filter((t) => t.met === false);
  const beyond = missed.filter(outOfReach).length;
  const open = targets.filter((t) => t.met === null).length;
  lines.push(
    `  ${targets.length - missed.length - open} met, ${missed.length} missed` +
      (missed.length > 0 ? `: ${missed.length - beyond} by ours alone, ${beyond} out of reach on this machine (a reference doing less than ours missed them too in this run)` : '') +
      (open > 0 ? `, ${open} not measured` : ''),
  );
  return lines;
}

export function formatTable(r: BenchResults): string {
  const { loadAverageAtStart: start, loadAverageAtEnd: end, cores } = r.machine;
  const busy = Math.max(start, end ?? 0) > cores * 0.5;
  const lines = [
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${mb(r.machine.memoryBytes)} MB, ${r.machine.os}, Node ${r.machine.node}`,
    `Command: ${r.command}  (${r.config.connections} requests in flight, ${r.config.durationSeconds} s per run, signed form POST as 2.9.6, loopback)`,
    'Connection: keep-alive = connections kept open (autocannon); fresh = one TCP connection per request, closed after the reply, as 2.9.6.',
    '',
    ...(busy
      ? [
          `WARNING: the machine was busy (load average ${start.toFixed(1)} at the start, ${end === undefined ? '?' : end.toFixed(1)} at the end, on ${cores} cores): ` +
            'these numbers understate it, and ratios compare loads measured at different moments.',
          '',
        ]
      : []),
    ...loadRows(r),
    ...pacedLines(r),
    ...burstLines(r),
    ...familyLines(r),
    ...streamLines(r),
    ...(r.stateAtScale ? ['', formatStateAtScale(r.stateAtScale)] : []),
  ];
  for (const s of r.sizes) {
    if (s.viewersInState !== null && s.viewersInState !== s.sessions) {
      lines.push(`Note: at ${n(s.sessions)} sessions the admin API counted ${n(s.viewersInState)} viewers.`);
    }
  }
  lines.push(...targetLines(r.targets));
  for (const p of r.problems) lines.push(`Problem: ${p}`);
  return lines.join('\n');
}
