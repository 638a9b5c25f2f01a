// Runs `server/cli.ts serve` as a real child process and reads its start-up lines.
// Started as `node --import tsx` rather than through the tsx binary: the tsx binary forks a
// second node process, and a SIGKILL sent to the binary would leave the server itself running.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const STARTUP_MS = 25_000;

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  callbackUrl: string;
  adminUrl: string;
  token: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnServe(args: string[]): { child: ChildProcess; out: () => string; err: () => string; exited: ServeProcess['exited'] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
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

/** The usual flags: loopback, free ports, the given data folder. */
export function serveArgs(dataDir: string, extra: string[] = []): string[] {
  return ['--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0', ...extra];
}

/** Starts the server and resolves once both listeners are printed; rejects if it exits first. */
export async function startServe(args: string[]): Promise<ServeProcess> {
  const run = spawnServe(args);
  const deadline = Date.now() + STARTUP_MS;
  let exitedEarly: { code: number | null } | null = null;
  void run.exited.then((e) => (exitedEarly = e));
  for (;;) {
    const callback = /AEC callback listener\s+(http:\/\/\S+)/.exec(run.out());
    const dashboard = /Dashboard\s+(http:\/\/\S+)\?token=(\S+)/.exec(run.out());
    if (callback && dashboard) {
      return {
        child: run.child,
        pid: run.child.pid!,
        callbackUrl: callback[1]!,
        adminUrl: dashboard[1]!,
        token: decodeURIComponent(dashboard[2]!),
        stdout: run.out,
        stderr: run.err,
        exited: run.exited,
      };
    }
    if (exitedEarly) throw new Error(`serve exited (${JSON.stringify(exitedEarly)}) before it was ready:\n${run.out()}\n${run.err()}`);
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`serve did not start within ${STARTUP_MS} ms:\n${run.out()}\n${run.err()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
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

/** SIGTERM and wait: the clean stop. */
export async function stopServe(server: ServeProcess): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  server.child.kill('SIGTERM');
  return (await server.exited).code;
}

/** kill -9 and wait until the process is gone. */
export async function killServe(server: ServeProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
