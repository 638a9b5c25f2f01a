// `bench`: measures, in one run on this machine, the bare-Koa ceiling, our callback listener
// answering durable USER_PLAYING at growing state sizes, a USER_ONLINE burst, and the server's
// memory and data files. Prints a table and writes bench-results/bench-<timestamp>.json.

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { BurstResult, LoadResult, WorkerTask } from './load-worker';
import { REPO_ROOT, residentBytes, runWorker, startTsServer, waitForHealth } from './processes';
import { dataFiles } from './data-files';
import { checkTargets, formatTable } from './report';
import type { BenchResults } from './report';
import { runSoak } from './soak';
import { benchSessions, createChannels, firstReports, keepUploading, openSessions, writeSessions } from './state-fill';

export const BENCH_USAGE = `Usage: bench [options]

  --quick            a short try-out: sizes 100,1000,5000, 3 s per run, burst of 2,000
  --duration <S>     seconds per load run (default 10)
  --connections <N>  load generator connections (default 16)
  --sizes <a,b,c>    live viewer sessions to measure at (default 100,10000,100000)
  --burst <N>        USER_ONLINE burst size (default 10000; 0 to skip)
  --sockets <N>      sockets the burst may use, like a media server's pool (default 256)
  --soak <minutes>   instead: the simulator plays a studio of --viewers (10000) at --speed (6)
                     against our server for that long; RSS and data files sampled every 30 s
  --ceiling-only     measure only the bare Koa ceiling
  --out <dir>        where the JSON goes (default bench-results)
  -h, --help         this text`;

const CALLBACK_LINE = /AEC callback listener\s+(http:\/\/\S+)/;
const FILL_CONCURRENCY = 64;
/** The longest grace the server accepts: the state keeps its size through the whole run. */
const GRACE_SECONDS = 3600;

const say = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

function intList(raw: string): number[] {
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--sizes must be positive integers, got ${raw}`);
  return list.sort((a, b) => a - b);
}

function positiveInt(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${raw}`);
  return v;
}

/** The admin listener's origin, from the server's start-up lines (not the callback one). */
function adminOrigin(output: string[], callbackUrl: string): string | null {
  const callbackOrigin = new URL(callbackUrl).origin;
  for (const line of output) {
    if (!/admin|dashboard/i.test(line)) continue;
    for (const found of line.match(/http:\/\/[^\s"']+/g) ?? []) {
      const origin = new URL(found).origin;
      if (origin !== callbackOrigin) return origin;
    }
  }
  return null;
}

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

async function measureCeiling(tmp: string, r: BenchResults): Promise<LoadResult> {
  const { server, match } = await startTsServer('server/simulator/bench/ceiling-server.ts', [], /ceiling listening (http:\/\/\S+)/);
  try {
    const url = match[1] as string;
    const sessionsFile = path.join(tmp, 'ceiling-sessions.json');
    await writeSessions(sessionsFile, Array.from({ length: 1000 }, (_, i) => [String(5_000_000 + i), `bench${String(i % 100).padStart(11, '0')}`]));
    return await loadRun(url, sessionsFile, r);
  } finally {
    await server.stop();
  }
}

function loadRun(url: string, sessionsFile: string, r: BenchResults): Promise<LoadResult> {
  const task: WorkerTask = { kind: 'load', url, sessionsFile, connections: r.config.connections, durationSeconds: r.config.durationSeconds, warmupSeconds: r.config.warmupSeconds };
  return runWorker<LoadResult>(task, (r.config.warmupSeconds + r.config.durationSeconds + 60) * 1000);
}

async function measureOurs(tmp: string, r: BenchResults): Promise<void> {
  const dataDir = path.join(tmp, 'data');
  await mkdir(dataDir);
  // Sessions must not age out while the bench fills and measures (filling 100,000 takes a while).
  await writeFile(path.join(dataDir, 'settings.json'), `${JSON.stringify({ graceSeconds: GRACE_SECONDS })}\n`);
  const token = randomBytes(16).toString('hex');
  const args = ['serve', '--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0', '--admin-token', token];
  say('starting our server (server/cli.ts serve)');
  const { server, match } = await startTsServer('server/cli.ts', args, CALLBACK_LINE);
  try {
    const base = (match[1] as string).endsWith('/') ? (match[1] as string) : `${match[1]}/`;
    await waitForHealth(`${base}healthz`);
    const aecUrl = `${base}aec`;
    const admin = adminOrigin(server.output, base);
    if (admin === null) r.problems.push('admin URL not found in the server output; viewer counts not cross-checked');

    const { channels, counts } = await createChannels(aecUrl, r.config.channels);
    if (counts.allowed !== channels.length) throw new Error(`could not set up ${channels.length} channels: ${counts.firstProblem}`);
    let opened = 0;
    for (const size of r.config.sizes) {
      say(`opening viewer sessions ${opened} -> ${size}`);
      const started = performance.now();
      const fill = await openSessions(aecUrl, benchSessions(channels, opened, size), FILL_CONCURRENCY, (done, total) => say(`  ${done} of ${total} answered`));
      const fillMs = Math.round(performance.now() - started);
      if (fill.denied + fill.errors > 0) r.problems.push(`opening sessions up to ${size}: ${fill.denied} refused, ${fill.errors} errors (${fill.firstProblem})`);
      say(`first report of every session (${size})`);
      await firstReports(aecUrl, benchSessions(channels, 0, size), FILL_CONCURRENCY);
      opened = size;
      await keepUploading(aecUrl, channels);
      const sessionsFile = path.join(tmp, `sessions-${size}.json`);
      await writeSessions(sessionsFile, benchSessions(channels, 0, size));
      const inState = await viewersInState(admin, token);
      const rssBytesBefore = await residentBytes(server.pid);
      say(`USER_PLAYING load at ${size} sessions for ${r.config.durationSeconds} s`);
      const load = await loadRun(aecUrl, sessionsFile, r);
      const files = await dataFiles(dataDir);
      r.sizes.push({
        sessions: size,
        viewersInState: inState,
        fill: { ...fill, elapsedMs: fillMs },
        load,
        ratioToCeiling: r.ceiling ? load.requestsPerSecond / r.ceiling.requestsPerSecond : null,
        rssBytesBefore,
        rssBytesAfter: await residentBytes(server.pid),
        dataBytes: Object.values(files).reduce((a, b) => a + b, 0),
        dataFiles: files,
      });
    }
    if (r.config.burst > 0) {
      say(`burst of ${r.config.burst} USER_ONLINE over ${r.config.burstSockets} sockets`);
      const sessionsFile = path.join(tmp, 'burst.json');
      await writeSessions(sessionsFile, benchSessions(channels, opened, opened + r.config.burst));
      const burst = await runWorker<BurstResult>({ kind: 'burst', url: aecUrl, sessionsFile, sockets: r.config.burstSockets }, 120_000);
      r.burst = { ...burst, sessionsBefore: opened, rssBytesAfter: await residentBytes(server.pid) };
    }
  } finally {
    await server.stop();
  }
}

export async function runBenchCommand(argv: string[]): Promise<number> {
  let r: BenchResults;
  let ceilingOnly: boolean;
  let outDir: string;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        sizes: { type: 'string' },
        burst: { type: 'string' },
        sockets: { type: 'string' },
        'ceiling-only': { type: 'boolean' },
        out: { type: 'string' },
        soak: { type: 'string' },
        viewers: { type: 'string' },
        speed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${BENCH_USAGE}\n`);
      return 0;
    }
    if (values.soak !== undefined) {
      return await runSoak({
        minutes: positiveInt('soak', values.soak, 10),
        viewers: positiveInt('viewers', values.viewers, 10_000),
        speed: positiveInt('speed', values.speed, 6),
        outDir: path.resolve(values.out ?? path.join(REPO_ROOT, 'bench-results')),
      });
    }
    const quick = values.quick === true;
    ceilingOnly = values['ceiling-only'] === true;
    outDir = path.resolve(values.out ?? path.join(REPO_ROOT, 'bench-results'));
    const cpus = os.cpus();
    r = {
      startedAt: new Date().toISOString(),
      command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
      machine: {
        cpu: cpus[0]?.model ?? 'unknown',
        cores: cpus.length,
        memoryBytes: os.totalmem(),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
        loadAverageAtStart: os.loadavg()[0] ?? 0,
      },
      config: {
        quick,
        durationSeconds: positiveInt('duration', values.duration, quick ? 3 : 10),
        warmupSeconds: quick ? 1 : 2,
        connections: positiveInt('connections', values.connections, 16),
        sizes: values.sizes ? intList(values.sizes) : quick ? [100, 1000, 5000] : [100, 10_000, 100_000],
        channels: 100,
        burst: positiveInt('burst', values.burst, quick ? 2000 : 10_000, true),
        burstSockets: positiveInt('sockets', values.sockets, 256),
      },
      ceiling: null,
      sizes: [],
      burst: null,
      targets: [],
      problems: [],
    };
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n\n${BENCH_USAGE}\n`);
    return 2;
  }

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'aec-bench-'));
  try {
    say(`ceiling: bare Koa for ${r.config.durationSeconds} s`);
    r.ceiling = await measureCeiling(tmp, r);
    if (!ceilingOnly) await measureOurs(tmp, r);
  } catch (err) {
    r.problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  r.targets = ceilingOnly ? [] : checkTargets(r);
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${r.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(r, null, 2)}\n`);
  process.stdout.write(`${formatTable(r)}\n\nResults written to ${path.relative(process.cwd(), file) || file}\n`);
  return r.problems.length > 0 ? 1 : 0;
}
