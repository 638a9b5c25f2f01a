// `server/cli.ts serve` as a real child process, reading the listener URLs it prints at start-up.
// Started as `node --import tsx`, not through the tsx binary: that binary forks a second node
// process, and a SIGKILL sent to it would leave the server itself running.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_MS = 60_000;

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  /** e.g. http://127.0.0.1:40137/ */
  callbackUrl: string;
  /** e.g. http://127.0.0.1:40138/ */
  adminUrl: string;
  /** The dashboard URL with its token, as printed. */
  dashboardUrl: string;
  token: string;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr together. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnNode(['--import', 'tsx', 'server/cli.ts', 'serve', ...args], { env });
}

function spawnNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0', ...options.env },
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, err: () => err, exited };
}

/** The usual flags: loopback, free ports (unless given), the given data folder, optionally a token. */
export function serveArgs(dataDir: string, extra: string[] = [], token?: string): string[] {
  const tokenFlags = token === undefined ? [] : ['--admin-token', token];
  return ['--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0', ...tokenFlags, ...extra];
}

/** Starts the server; resolves once both listeners are printed and /healthz answers 200. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  return untilServing(spawnServe(args, env));
}

/**
 * Any other way of starting it (the headless bundle, a systemd ExecStart): `node <args>`, waited
 * for the same way.
 */
export function startNodeServer(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  return untilServing(spawnNode(args, options));
}

async function untilServing(run: ReturnType<typeof spawnNode>): Promise<ServeProcess> {
  const deadline = Date.now() + STARTUP_MS;
  let early: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void run.exited.then((e) => (early = e));
  for (;;) {
    const callback = /AEC callback listener\s+(http:\/\/\S+)/.exec(run.out());
    const dashboard = /Dashboard\s+((http:\/\/[^?\s]+)\?token=(\S+))/.exec(run.out());
    if (callback && dashboard && (await healthy(callback[1]!))) {
      return {
        child: run.child,
        pid: run.child.pid!,
        callbackUrl: callback[1]!,
        adminUrl: dashboard[2]!,
        dashboardUrl: dashboard[1]!,
        token: decodeURIComponent(dashboard[3]!),
        stdout: run.out,
        stderr: run.err,
        output: () => run.out() + run.err(),
        exited: run.exited,
      };
    }
    if (early) throw new Error(`serve exited (${JSON.stringify(early)}) before it was ready:\n${run.out()}\n${run.err()}`);
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`serve did not start within ${STARTUP_MS} ms:\n${run.out()}\n${run.err()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function healthy(callbackUrl: string): Promise<boolean> {
  try {
    return (await fetch(new URL('/healthz', callbackUrl))).status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** Runs serve expecting it to exit by itself (a start-up error); kills it if it does not. */
export async function runServeToExit(args: string[], timeoutMs = STARTUP_MS): Promise<Finished> {
  const run = spawnServe(args);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.out(), stderr: run.err() };
}

/** SIGTERM and wait: the clean stop (SIGKILL after 15 s if it hangs). */
export async function stopServe(server: ServeProcess): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  const { code } = await server.exited;
  clearTimeout(timer);
  return code;
}

/** kill -9 and wait until the process is gone. */
export async function killServe(server: ServeProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
