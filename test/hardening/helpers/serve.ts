// `server/cli.ts serve` as a real child process. Run as `node --import tsx` (not the tsx
// binary, which forks a second process that a SIGKILL to the first would leave running).

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const STARTUP_MS = 30_000;

export interface ServeChild {
  child: ChildProcess;
  callbackUrl: string;
  adminUrl: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnServe(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
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

export function serveFlags(dataDir: string, token: string, extra: string[] = []): string[] {
  return ['--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0', '--admin-token', token, ...extra];
}

/** Resolves once both listener lines are printed; rejects if the process exits first. */
export async function startServe(args: string[]): Promise<ServeChild> {
  const run = spawnServe(args);
  let early: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void run.exited.then((e) => (early = e));
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    const callback = /AEC callback listener\s+(http:\/\/\S+)/.exec(run.out());
    const dashboard = /Dashboard\s+(http:\/\/[^?\s]+)/.exec(run.out());
    if (callback && dashboard) {
      return { child: run.child, callbackUrl: callback[1]!, adminUrl: dashboard[1]!, output: () => run.out() + run.err(), exited: run.exited };
    }
    if (early) throw new Error(`serve exited (${JSON.stringify(early)}) before it was ready:\n${run.out()}\n${run.err()}`);
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`serve did not start within ${STARTUP_MS} ms:\n${run.out()}\n${run.err()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** For start-up errors: runs until the process exits by itself (killed after `timeoutMs`). */
export async function runToExit(args: string[], timeoutMs = STARTUP_MS): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnServe(args);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.out(), stderr: run.err() };
}

export async function kill9(server: ServeChild): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}

export async function stopGracefully(server: ServeChild): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  server.child.kill('SIGTERM');
  return (await server.exited).code;
}
