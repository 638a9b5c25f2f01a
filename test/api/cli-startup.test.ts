// The headless CLI as an operator runs it: what it prints, and how it refuses to start.

import { createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { tempDataDir } from '../support/harness';
import { runServeToExit, serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';

const started: ServeProcess[] = [];
const dirs: string[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  for (const server of started.splice(0)) await stopServe(server);
  for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve));
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await tempDataDir();
  dirs.push(dir);
  return dir;
}

async function takePort(): Promise<number> {
  const blocker = createServer();
  blockers.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

// Child processes start slowly on a busy two-core machine.
describe('serve', { timeout: 60_000 }, () => {
  test('prints both URLs and the aecurl line, answers, and stops cleanly on SIGTERM', async () => {
    const dir = await dataDir();
    const server = await startServe(serveArgs(dir, ['--admin-token', 'cli-test-token-0123456789']));
    started.push(server);
    expect(server.token).toBe('cli-test-token-0123456789');
    const port = new URL(server.callbackUrl).port;
    expect(server.stdout()).toContain(`aecurl=http://127.0.0.1:${port}/aec`);
    expect(server.stdout()).toContain(dir);
    const health = await fetch(new URL('healthz', server.callbackUrl));
    expect(health.status).toBe(200);
    const summary = await fetch(new URL('/api/summary', server.adminUrl), { headers: { Authorization: `Bearer ${server.token}` } });
    expect(summary.status).toBe(200);
    expect(await stopServe(server)).toBe(0);
    expect(server.stdout()).toMatch(/SIGTERM/);
  });

  test('a callback port already in use: exits non-zero naming the port and --callback-port', async () => {
    const port = await takePort();
    const dir = await dataDir();
    const args = ['--data-dir', dir, '--callback-host', '127.0.0.1', '--callback-port', String(port), '--admin-port', '0'];
    const result = await runServeToExit(args);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const said = result.stderr + result.stdout;
    expect(said).toContain(String(port));
    expect(said).toContain('--callback-port');
    expect(said).not.toMatch(/\n\s+at /); // one clear line, not a stack trace
  });

  test('an admin port already in use: exits non-zero naming the port and --admin-port', async () => {
    const port = await takePort();
    const dir = await dataDir();
    const args = ['--data-dir', dir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', String(port)];
    const result = await runServeToExit(args);
    expect(result.code).not.toBe(0);
    const said = result.stderr + result.stdout;
    expect(said).toContain(String(port));
    expect(said).toContain('--admin-port');
  });

  test('a second process on the same data folder exits naming the folder; the first goes on', async () => {
    const dir = await dataDir();
    const first = await startServe(serveArgs(dir));
    started.push(first);
    const second = await runServeToExit(serveArgs(dir));
    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.stderr + second.stdout).toContain(dir);
    expect(second.stderr + second.stdout).not.toContain('AEC callback listener');
    const reply = await fetch(`${first.callbackUrl}aec?data=${encodeURIComponent('{"action":"AEC_ACCESS_VALIDATION","echostr":"first"}')}`);
    expect(await reply.text()).toBe('{"status":"1","data":"first"}');
  });
});
