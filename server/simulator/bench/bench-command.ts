// `bench`: measures, in one run on this machine, the bare-Koa ceiling (and the same with our
// journal's fdatasync before each answer: the durable ceiling), our callback listener
// answering durable USER_PLAYING at growing state sizes (as fast as it can, and at the rate the
// sizes' viewers really send, paced-step.ts), a USER_ONLINE burst, then each family's
// most frequent action (chat rooms, groups, calls: family-requests.ts), the server's memory and
// data files; and, on a demo server of its own, the bytes a channels-view tab's live stream
// receives a minute (stream-step.ts). Every load is the 2.9.6 wire (signed form POSTs, load-requests.ts), measured
// on kept-alive connections and on a fresh connection per request as 2.9.6 opens them.
// Prints a table and writes bench-results/bench-<timestamp>.json.

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BurstResult } from './load-worker';
import { REPO_ROOT, residentBytes, runWorker, startTsServer } from './processes';
import { dataFiles } from './data-files';
import { REPORT_INTERVAL_SECONDS } from './load-requests';
import type { BenchResults, ModeLoads, SizeResult } from './report';
import { formatTable } from './table';
import { checkTargets } from './targets';
import { runSoak } from './soak';
import { benchChannels, benchSessions, createChannels, firstReports, keepUploading, openSessions, writeSessions } from './state-fill';
import { parseBenchArgs } from './bench-options';
import { loadRuns, ratiosToCeiling, say, startCli } from './bench-run';
import type { BenchRun, Ours } from './bench-run';
import { measureFamilies } from './family-step';
import { measureStream } from './stream-step';
import { runStateAtScale } from './state-at-scale';
import { diskAtRealRate, pacedRun } from './paced-step';

export { BENCH_USAGE } from './bench-options';

const FILL_CONCURRENCY = 64;
/** The longest grace the server accepts: the state keeps its size through the whole run. */
const GRACE_SECONDS = 3600;

/** Sum of the viewers the admin API shows, to confirm the state holds the sessions we opened. */
async function viewersInState(origin: string | null, token: string): Promise<number | null> {
  if (origin === null) return null;
  try {
    const res = await fetch(`${origin}/api/channels`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) return null;
    const body = (await res.json()) as unknown;
    const rows = Array.isArray(body) ? body : (body as { channels?: unknown }).channels;
    if (!Array.isArray(rows)) return null;
    return rows.reduce((sum: number, row: unknown) => sum + (Number((row as { viewers?: unknown }).viewers) || 0), 0);
  } catch {
    return null;
  }
}

const CEILING_LINE = /ceiling listening (http:\/\/\S+)/;

/** The sessions every ceiling is sent: our server's at the smallest size, the very same requests. */
async function ceilingSessions(run: BenchRun): Promise<string> {
  const file = path.join(run.tmp, 'ceiling-sessions.json');
  await writeSessions(file, benchSessions(run.channels, 0, run.r.config.sizes[0] ?? 100));
  return file;
}

/** Ratios are taken against the first ceiling; one that moved this much by the end is reported. */
const CEILING_DRIFT = 0.15;

/** USER_ONLINE for `burst` new viewers at once, over a media server's socket pool; null when skipped. */
async function sendBurst(run: BenchRun, url: string, firstViewer: number, name: string): Promise<BurstResult | null> {
  const { config } = run.r;
  if (config.burst <= 0) return null;
  say(`burst of ${config.burst} USER_ONLINE over ${config.burstSockets} sockets to ${name}`);
  const sessionsFile = path.join(run.tmp, `burst-${name.replace(/\W+/g, '-')}.json`);
  await writeSessions(sessionsFile, benchSessions(run.channels, firstViewer, firstViewer + config.burst));
  return runWorker<BurstResult>({ kind: 'burst', url, sessionsFile, sockets: config.burstSockets }, 120_000);
}

/**
 * The bare Koa ceiling, sent the very requests our server gets at the smallest size; the first
 * time also at each size's real rate, and the burst.
 */
async function measureCeiling(run: BenchRun, first: boolean): Promise<ModeLoads> {
  say(`ceiling: bare Koa for ${run.r.config.durationSeconds} s per mode (${run.r.config.connectionModes.join(', ')})`);
  const { server, match } = await startTsServer('server/simulator/bench/ceiling-server.ts', [], CEILING_LINE);
  try {
    const url = match[1] as string;
    const sessionsFile = await ceilingSessions(run);
    const loads = await loadRuns(run, url, sessionsFile);
    if (first) {
      await ceilingAtRealRates(run, url, server.pid, sessionsFile);
      const burst = await sendBurst(run, url, 0, 'the ceiling');
      if (burst) run.r.ceilingBurst = burst;
    }
    return loads;
  } finally {
    await server.stop();
  }
}

/**
 * The durable ceiling (ceiling-server.ts --journal): bare Koa answering once each request's
 * record is in our journal and fdatasync'ed, then the burst. Ours is compared with the bare
 * ceiling, as issue 15 asks; this one says how much of the gap any durable answer pays on this
 * disk, and which targets no durable server reaches here (reach.ts).
 */
async function measureDurableCeiling(run: BenchRun): Promise<ModeLoads> {
  say(`durable ceiling: bare Koa + our journal (fdatasync before each answer) for ${run.r.config.durationSeconds} s per mode`);
  const dir = path.join(run.tmp, 'durable-ceiling');
  await mkdir(dir);
  const { server, match } = await startTsServer('server/simulator/bench/ceiling-server.ts', ['--journal', dir], CEILING_LINE);
  try {
    const url = match[1] as string;
    const loads = await loadRuns(run, url, await ceilingSessions(run));
    const burst = await sendBurst(run, url, 0, 'the durable ceiling');
    if (burst) run.r.durableCeilingBurst = burst;
    return loads;
  } finally {
    await server.stop();
  }
}

async function ceilingAtRealRates(run: BenchRun, url: string, pid: number, sessionsFile: string): Promise<void> {
  for (const size of run.r.config.sizes) {
    const paced = await pacedRun(run, 'ceiling', url, pid, sessionsFile, size);
    if (paced) (run.r.ceilingPaced ??= {})[String(size)] = paced;
  }
}

/** The ceiling again after our loads: a machine that got busier or quieter meanwhile shows here. */
async function measureCeilingAgain(run: BenchRun): Promise<void> {
  const { r } = run;
  r.ceilingAtEnd = await measureCeiling(run, false);
  for (const mode of r.config.connectionModes) {
    const first = r.ceiling[mode]?.requestsPerSecond;
    const last = r.ceilingAtEnd[mode]?.requestsPerSecond;
    if (!first || last === undefined) continue;
    const drift = last / first - 1;
    if (Math.abs(drift) > CEILING_DRIFT) {
      r.problems.push(`the ${mode} ceiling moved ${(drift * 100).toFixed(0)}% during the run (${Math.round(first)} -> ${Math.round(last)} req/s): the machine was not quiet, ratios are uncertain`);
    }
  }
}

async function startOurs(run: BenchRun): Promise<Ours> {
  const dataDir = path.join(run.tmp, 'data');
  await mkdir(dataDir);
  // Sessions must not age out while the bench fills and measures (filling 100,000 takes a while).
  await writeFile(path.join(dataDir, 'settings.json'), `${JSON.stringify({ graceSeconds: GRACE_SECONDS })}\n`);
  const token = randomBytes(16).toString('hex');
  const args = ['serve', '--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0', '--admin-token', token];
  say('starting our server (server/cli.ts serve)');
  const profileDir = run.r.config.profileDir;
  const nodeArgs = profileDir ? ['--cpu-prof', '--heap-prof', `--cpu-prof-dir=${profileDir}`, `--heap-prof-dir=${profileDir}`] : [];
  const { server, base, admin } = await startCli(args, nodeArgs);
  if (admin === null) run.r.problems.push('admin URL not found in the server output; viewer counts not cross-checked');
  return { server, aecUrl: `${base}aec`, adminOrigin: admin, token, dataDir };
}

/** Opens sessions [opened, size), gives every session its first report, then measures the load. */
async function measureSize(run: BenchRun, ours: Ours, opened: number, size: number): Promise<SizeResult> {
  const { r, channels } = run;
  say(`opening viewer sessions ${opened} -> ${size}`);
  const started = performance.now();
  const fill = await openSessions(ours.aecUrl, benchSessions(channels, opened, size), FILL_CONCURRENCY, (done, total) => say(`  ${done} of ${total} answered`));
  const fillMs = Math.round(performance.now() - started);
  if (fill.denied + fill.errors > 0) r.problems.push(`opening sessions up to ${size}: ${fill.denied} refused, ${fill.errors} errors (${fill.firstProblem})`);
  say(`first report of every session (${size})`);
  await firstReports(ours.aecUrl, benchSessions(channels, 0, size), run.nextTs, FILL_CONCURRENCY);
  run.nextTs += REPORT_INTERVAL_SECONDS;
  await keepUploading(ours.aecUrl, channels);
  const sessionsFile = path.join(run.tmp, `sessions-${size}.json`);
  await writeSessions(sessionsFile, benchSessions(channels, 0, size));
  const inState = await viewersInState(ours.adminOrigin, ours.token);
  const rssBytesBefore = await residentBytes(ours.server.pid);
  say(`USER_PLAYING load at ${size} sessions, ${r.config.durationSeconds} s per mode (${r.config.connectionModes.join(', ')})`);
  const loads = await loadRuns(run, ours.aecUrl, sessionsFile);
  const disk = await diskAtRealRate(run, run.tmp, size);
  const paced = await pacedRun(run, 'USER_PLAYING', ours.aecUrl, ours.server.pid, sessionsFile, size);
  const ratioToCeiling = ratiosToCeiling(r.ceiling, loads);
  const files = await dataFiles(ours.dataDir);
  return {
    sessions: size,
    viewersInState: inState,
    fill: { ...fill, elapsedMs: fillMs },
    loads,
    ratioToCeiling,
    rssBytesBefore,
    rssBytesAfter: await residentBytes(ours.server.pid),
    paced,
    disk,
    dataBytes: Object.values(files).reduce((a, b) => a + b, 0),
    dataFiles: files,
  };
}

/** The burst on top of the sessions already open, to our server. */
async function measureBurst(run: BenchRun, ours: Ours, opened: number): Promise<void> {
  const burst = await sendBurst(run, ours.aecUrl, opened, 'our server');
  if (burst) run.r.burst = { ...burst, sessionsBefore: opened, rssBytesAfter: await residentBytes(ours.server.pid) };
}

async function measureOurs(run: BenchRun): Promise<void> {
  const ours = await startOurs(run);
  try {
    const counts = await createChannels(ours.aecUrl, run.channels);
    if (counts.allowed !== run.channels.length) throw new Error(`could not set up ${run.channels.length} channels: ${counts.firstProblem}`);
    let opened = 0;
    for (const size of run.r.config.sizes) {
      run.r.sizes.push(await measureSize(run, ours, opened, size));
      opened = size;
    }
    await measureBurst(run, ours, opened);
    // After the burst, so that it is measured as before, on top of the largest size alone.
    await measureFamilies(run, ours, opened + (run.r.burst?.allowed ?? 0));
  } finally {
    await ours.server.stop();
  }
}

/** On a server of its own, started on a data folder of the largest size and a day of history. */
async function measureStateAtScale(run: BenchRun, skipped: boolean): Promise<void> {
  const { r } = run;
  const hours = r.config.stateHistoryHours ?? 0;
  const sessions = Math.max(...r.config.sizes);
  if (skipped || hours === 0) return;
  say(`state at scale: ${sessions} sessions and ${hours} h of history written, our server started on it, a snapshot, kill -9, restart`);
  r.stateAtScale = await runStateAtScale({ sessions, historyHours: hours });
  r.problems.push(...r.stateAtScale.problems.map((p) => `state at scale: ${p}`));
}

async function writeResults(r: BenchResults, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${r.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(r, null, 2)}\n`);
  process.stdout.write(`${formatTable(r)}\n\nResults written to ${path.relative(process.cwd(), file) || file}\n`);
}

export async function runBenchCommand(argv: string[]): Promise<number> {
  const parsed = parseBenchArgs(argv, REPO_ROOT);
  switch (parsed.kind) {
    case 'error':
      process.stderr.write(`bench: ${parsed.message}\n\n${parsed.usage}\n`);
      return 2;
    case 'help':
      process.stdout.write(`${parsed.usage}\n`);
      return 0;
    case 'soak':
      return runSoak(parsed.options);
  }
  const { r, ceilingOnly, streamOnly, stateAtScaleOnly, outDir } = parsed;
  const run: BenchRun = { r, tmp: await mkdtemp(path.join(os.tmpdir(), 'aec-bench-')), channels: benchChannels(r.config.channels), nextTs: Math.floor(Date.now() / 1000) };
  try {
    if (!streamOnly && !stateAtScaleOnly) {
      r.ceiling = await measureCeiling(run, true);
      r.durableCeiling = await measureDurableCeiling(run);
    }
    if (!ceilingOnly && !streamOnly && !stateAtScaleOnly) {
      await measureOurs(run);
      await measureCeilingAgain(run);
    }
  } catch (err) {
    r.problems.push(err instanceof Error ? err.message : String(err));
  }
  try {
    // On a server of its own (the demo), after the loads: nothing else runs meanwhile.
    if (r.config.stream && !ceilingOnly && !stateAtScaleOnly) r.stream = await measureStream(run);
  } catch (err) {
    r.problems.push(`stream: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await measureStateAtScale(run, ceilingOnly || streamOnly);
  } catch (err) {
    r.problems.push(`state at scale: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await rm(run.tmp, { recursive: true, force: true });
  }
  r.machine.loadAverageAtEnd = os.loadavg()[0] ?? 0;
  r.targets = ceilingOnly ? [] : checkTargets(r);
  await writeResults(r, outDir);
  return r.problems.length > 0 ? 1 : 0;
}
