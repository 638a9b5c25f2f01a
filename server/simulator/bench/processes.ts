// Child processes of the bench: the bare Koa ceiling, our own server, the load generator.
// Servers are bundled with esbuild and run with plain `node`, as the packaged app runs them:
// no tsx loader thread in the measured memory, and the pid we watch is the server itself.

import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerTask } from './load-worker';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export interface ServerChild {
  child: ChildProcess;
  pid: number;
  /** Lines the child printed, kept for error messages. */
  output: string[];
  stop(): Promise<void>;
}

/**
 * Bundles a TypeScript entry point to plain JavaScript inside the repository (its node_modules
 * resolve the npm dependencies, which stay external); `name`: the bundle's, when two runs of
 * one entry must not share a file.
 */
export async function bundle(entry: string, name: string = path.basename(entry, '.ts')): Promise<string> {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const outfile = path.join(REPO_ROOT, 'bench-results', '.bundles', `${name}.mjs`);
  await build({
    entryPoints: [path.resolve(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: Object.keys(pkg.dependencies ?? {}),
    logLevel: 'warning',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  return outfile;
}

/** Starts a TypeScript entry point (bundled) and resolves once a stdout line matches `ready`. */
export async function startTsServer(entry: string, args: string[], ready: RegExp, timeoutMs = 60_000, nodeArgs: string[] = []): Promise<{ server: ServerChild; match: RegExpMatchArray }> {
  const bundled = await bundle(entry);
  const child = spawn(process.execPath, [...nodeArgs, bundled, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const output: string[] = [];
  const server: ServerChild = { child, pid: child.pid ?? 0, output, stop: () => stopChild(child) };
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`no line matching ${ready} within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopChild(child);
      reject(new Error(`${err.message}\n--- ${path.basename(entry)} said:\n${output.slice(-20).join('\n')}`));
    };
    const onLines = (chunk: Buffer, fromStdout: boolean): void => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (line === '') continue;
        if (output.length < 500) output.push(line);
        const match = fromStdout ? line.match(ready) : null;
        if (match && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve({ server, match });
        }
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => onLines(chunk, true));
    child.stderr?.on('data', (chunk: Buffer) => onLines(chunk, false));
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`${entry} exited (${signal ?? code}) before it was ready`)));
  });
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** One GET on a fresh connection that is closed afterwards (no socket left in a pool). */
function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Polls `url` until it answers 200. Its connections are closed right away: the server caps
 * connections per client address, and a pooled health-check socket would eat into the burst's.
 */
export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const status = await getStatus(url);
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not healthy within ${timeoutMs} ms (${last})`);
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return kb?.[1] ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds a process has used so far, all its threads (/proc, Linux); null elsewhere. */
export async function processCpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times, is 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs the load generator in its own process and returns what it reports. */
export function runWorker<T>(message: WorkerTask, timeoutMs: number): Promise<T> {
  const child = fork(path.join(REPO_ROOT, 'server/simulator/bench/load-worker.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`load generator did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (reply) => {
      clearTimeout(timer);
      const r = reply as { ok: boolean; result?: T; error?: string };
      child.disconnect();
      if (r.ok) resolve(r.result as T);
      else reject(new Error(r.error ?? 'load generator failed'));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`load generator exited with ${code} without a result`));
    });
    child.send(message);
  });
}
