// The state at scale: a data folder holding N live viewer sessions and a day of traffic history
// (state-at-scale-data.ts), then our real server (server/cli.ts serve, bundled, plain node, no
// heap cap) started on it: time to /healthz, resident memory once settled, the event loop's
// longest block during a snapshot (as the server measures it, and as a client polling /healthz
// sees it), then kill -9 and a second start on what it left. Issue 15's state targets.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CallbackSender } from '../sender';
import { buildData } from '../wire';
import { Action } from '../../contract';
import { dataFiles } from './data-files';
import { bundle, REPO_ROOT, residentBytes } from './processes';
import { writeStateAtScale } from './state-at-scale-data';

export interface StateAtScaleOptions {
  sessions: number;
  historyHours: number;
  /** Where the data folder goes; a temporary folder (removed afterwards) when absent. */
  outDir?: string;
  channels?: number;
  /** Journal records left after the snapshot, as a kill -9 before the minute's snapshot leaves them (default: one per session). */
  tailRecords?: number;
}

export interface StartMeasure {
  /** Spawn to the first HTTP 200 of GET /healthz. */
  healthzMs: number;
  rssBytesAtHealthz: number | null;
  /** Resident memory after the start's work is done and the process has idled a few seconds. */
  rssBytesSettled: number | null;
  /** What that memory is, from /metrics: V8 heap used and committed, and memory outside it (typed arrays). */
  heapUsedBytes: number | null;
  heapTotalBytes: number | null;
  externalBytes: number | null;
}

export interface StateAtScaleResult {
  sessions: number;
  historyHours: number;
  generatedMs: number;
  dataBytes: number;
  dataFiles: Record<string, number>;
  /** First start: the snapshot plus a journal tail to replay. */
  firstStart: StartMeasure;
  snapshot: {
    /** Longest event-loop block during the last snapshot, as the server measured it (/metrics). */
    serverBlockMs: number | null;
    /** Slowest /healthz answer while the snapshot ran, polled every 5 ms from outside. */
    probeMaxMs: number;
    /** Time to write the snapshot, from /metrics (aec_snapshot_seconds). */
    seconds: number | null;
  };
  /** After kill -9. */
  restart: StartMeasure;
  viewersAfterRestart: number | null;
  problems: string[];
}


function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** GET on a fresh connection: status and body, or null when nothing answered. */
function get(url: string, timeoutMs = 5000): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  child: ChildProcess;
  base: string;
  output: string[];
}

/** Starts the bundle on `dataDir` and times spawn -> first 200 on /healthz (polled every 5 ms). */
async function start(bundle: string, dataDir: string): Promise<{ running: Running; measure: StartMeasure }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const args = ['serve', '--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', String(port), '--admin-port', '0'];
  const started = performance.now();
  const child = spawn(process.execPath, [bundle, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => void (output.length < 200 && output.push(chunk.toString('utf8')));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = started + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before /healthz: ${output.join('')}`);
    const answer = await get(`${base}healthz`, 1000);
    if (answer?.status === 200) {
      const healthzMs = Math.round(performance.now() - started);
      const rssBytesAtHealthz = await residentBytes(child.pid ?? 0);
      return { running: { child, base, output }, measure: { healthzMs, rssBytesAtHealthz, rssBytesSettled: null, heapUsedBytes: null, heapTotalBytes: null, externalBytes: null } };
    }
    await sleep(5);
  }
  child.kill('SIGKILL');
  throw new Error(`/healthz not 200 within 120 s: ${output.join('')}`);
}

function metric(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

async function metrics(base: string): Promise<string> {
  return (await get(`${base}metrics`))?.body ?? '';
}

/** Polls /healthz every 5 ms until `until` resolves; the slowest answer is how long the loop was held. */
async function probeWhile(base: string, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let worst = 0;
  while (!done) {
    const t = performance.now();
    await get(`${base}healthz`);
    worst = Math.max(worst, performance.now() - t);
    await sleep(5);
  }
  return Math.round(worst);
}

/** Waits until /metrics counts one more snapshot than `before` (a change makes the minute's snapshot due). */
async function nextSnapshot(base: string, before: number): Promise<void> {
  const deadline = performance.now() + 150_000;
  while (performance.now() < deadline) {
    if ((metric(await metrics(base), 'aec_snapshot_seconds_count') ?? 0) > before) return;
    await sleep(200);
  }
  throw new Error('no snapshot within 150 s');
}

async function settle(running: Running, measure: StartMeasure, base: string, replays: boolean): Promise<void> {
  // The start's own snapshot (after a replay) must be done before memory means anything.
  const deadline = performance.now() + 120_000;
  while (replays && performance.now() < deadline && (metric(await metrics(base), 'aec_snapshot_seconds_count') ?? 0) < 1) await sleep(200);
  await sleep(5000);
  measure.rssBytesSettled = await residentBytes(running.child.pid ?? 0);
  const text = await metrics(base);
  measure.heapUsedBytes = metric(text, 'nodejs_heap_size_used_bytes');
  measure.heapTotalBytes = metric(text, 'nodejs_heap_size_total_bytes');
  measure.externalBytes = metric(text, 'nodejs_external_memory_bytes');
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** One USER_PLAYING from a live session: a change, so the minute's snapshot is due. */
async function oneReport(base: string, userId: string, channelId: string): Promise<void> {
  const sender = new CallbackSender({ url: `${base}aec`, maxInFlight: 1, timeoutMs: 10_000 });
  await sender.send(buildData(Action.AEC_LIVE_USER_PLAYING, Math.floor(Date.now() / 1000) + 60, { userId, channelId, time: Math.floor(Date.now() / 1000), discharge: '1000' }));
  await sender.close();
}

export async function runStateAtScale(options: StateAtScaleOptions): Promise<StateAtScaleResult> {
  const root = options.outDir ?? (await mkdtemp(path.join(os.tmpdir(), 'aec-state-at-scale-')));
  const dataDir = path.join(root, 'data');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const problems: string[] = [];
  try {
    const bundled = await bundle('server/cli.ts', 'state-at-scale-cli');
    const data = await writeStateAtScale(dataDir, {
      sessions: options.sessions,
      historyHours: options.historyHours,
      channels: options.channels ?? 100,
      ...(options.tailRecords !== undefined ? { tailRecords: options.tailRecords } : {}),
    });
    const files = await dataFiles(dataDir);
    const first = await start(bundled, dataDir);
    await settle(first.running, first.measure, first.running.base, (options.tailRecords ?? options.sessions) > 0);
    // A snapshot while idle-ready: one change makes the minute's snapshot due.
    const before = metric(await metrics(first.running.base), 'aec_snapshot_seconds_count') ?? 0;
    const [userId, channelId] = data.sessions[0]!;
    await oneReport(first.running.base, userId, channelId);
    const waiting = nextSnapshot(first.running.base, before);
    const probeMaxMs = await probeWhile(first.running.base, waiting.catch((err: Error) => problems.push(err.message)));
    const text = await metrics(first.running.base);
    const count = metric(text, 'aec_snapshot_seconds_count');
    const sum = metric(text, 'aec_snapshot_seconds_sum');
    const snapshot = {
      serverBlockMs: ((): number | null => {
        const v = metric(text, 'aec_snapshot_event_loop_block_seconds');
        return v === null ? null : Math.round(v * 1000);
      })(),
      probeMaxMs,
      seconds: null as number | null,
    };
    if (count !== null && sum !== null) snapshot.seconds = Number((sum / Math.max(1, count)).toFixed(3));
    await killHard(first.running.child);
    const second = await start(bundled, dataDir);
    // The minute's snapshot above holds every change: nothing to replay, no snapshot at start.
    await settle(second.running, second.measure, second.running.base, false);
    const viewersAfterRestart = metric(await metrics(second.running.base), 'aec_viewer_sessions');
    await killHard(second.running.child);
    return { sessions: options.sessions, historyHours: options.historyHours, generatedMs: data.generatedMs, dataBytes: Object.values(files).reduce((a, b) => a + b, 0), dataFiles: files, firstStart: first.measure, snapshot, restart: second.measure, viewersAfterRestart, problems };
  } finally {
    if (!options.outDir) await rm(root, { recursive: true, force: true });
  }
}

/** Decimal megabytes, as the rest of the bench's table and its targets. */
const mb = (bytes: number | null): string => (bytes === null ? '?' : `${Math.round(bytes / 1_000_000)} MB`);

/** The result as a few lines; the targets are judged with the others (targets.ts). */
export function formatStateAtScale(r: StateAtScaleResult): string {
  const lines = [
    `state at scale: ${r.sessions} sessions, ${r.historyHours} h of history, data folder ${mb(r.dataBytes)} (state.json ${mb(r.dataFiles['state.json'] ?? 0)})`,
    `  first start (snapshot + journal tail): /healthz ${r.firstStart.healthzMs} ms, RSS ${mb(r.firstStart.rssBytesAtHealthz)} at healthz, ${mb(r.firstStart.rssBytesSettled)} settled`,
    `  snapshot: longest event-loop block ${r.snapshot.serverBlockMs ?? '?'} ms (server), slowest /healthz ${r.snapshot.probeMaxMs} ms, write ${r.snapshot.seconds ?? '?'} s`,
    `  restart after kill -9: /healthz ${r.restart.healthzMs} ms; RSS ${mb(r.restart.rssBytesSettled)} settled (heap ${mb(r.restart.heapUsedBytes)} used of ${mb(r.restart.heapTotalBytes)}, ${mb(r.restart.externalBytes)} outside); viewers ${r.viewersAfterRestart ?? '?'}`,
    ...r.problems.map((p) => `  problem: ${p}`),
  ];
  return lines.join('\n');
}
