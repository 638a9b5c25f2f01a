// `npm start` (scripts/start.mjs): Electron when it can run, the headless core otherwise.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aec-start-'));
  dirs.push(dir);
  return dir;
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; waitFor: (re: RegExp) => Promise<string>; exit: Promise<number | null> } {
  const clean = { ...process.env };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'ELECTRON_PATH', 'ELECTRON_RUN_AS_NODE']) delete clean[name];
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], { cwd: root, env: { ...clean, ...env } });
  children.push(child);
  let text = '';
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.re.exec(text);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match[0]);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    waitFor: (re) => new Promise((resolve, reject) => {
      const match = re.exec(text);
      if (match) return resolve(match[0]);
      waiters.push({ re, resolve });
      void exit.then((code) => reject(new Error(`exited ${code} before ${re}; output:\n${text}`)));
    }),
    exit,
  };
}

/** A stand-in Electron: answers the probe, records how it was started, then behaves as told. */
function fakeElectron(dir: string, then: string): { binary: string; argsFile: string } {
  const binary = join(dir, 'electron');
  const argsFile = join(dir, 'args.txt');
  writeFileSync(binary, [
    '#!/bin/sh',
    'if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then printf 45.5.0; exit 0; fi',
    `for a in "$@"; do echo "$a"; done > '${argsFile}'`,
    then,
  ].join('\n'));
  chmodSync(binary, 0o755);
  return { binary, argsFile };
}

describe('npm start without Electron', () => {
  it('says why in one line and serves the dashboard headless', async () => {
    const dataDir = tempDir();
    const run = start(['--data-dir', dataDir, '--callback-port', '0', '--admin-port', '0', '--callback-host', '127.0.0.1'], {});
    const first = await run.waitFor(/^.*\n/);
    expect(first).toMatch(/^Electron is not available \(.+\); running headless instead — open the dashboard URL below\.\n$/);
    const url = await run.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\S*/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output().match(/Electron is not available/g)).toHaveLength(1);
  });

  it('takes --headless to mean headless even where Electron could run', async () => {
    const { binary } = fakeElectron(tempDir(), 'exit 9');
    const run = start(['--headless', '--data-dir', tempDir(), '--callback-port', '0', '--admin-port', '0'], { ELECTRON_PATH: binary, DISPLAY: ':99' });
    expect(await run.waitFor(/^.*\n/)).toContain('(--headless was given)');
    // Signal only once the dashboard answers, i.e. the core is up.
    expect((await fetch(await run.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\S*/))).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });
});

describe.skipIf(process.platform === 'win32')('npm start with Electron', () => {
  it('builds the main bundle and starts Electron on the project with the flags, passing its exit code on', async () => {
    const dir = tempDir();
    const { binary, argsFile } = fakeElectron(dir, 'exit 7');
    const run = start(['--data-dir', '/tmp/x', '--callback-port', '9100'], { ELECTRON_PATH: binary, DISPLAY: ':99' });
    expect(await run.exit).toBe(7);
    const args = readFileSync(argsFile, 'utf8').trim().split('\n').filter((arg) => arg !== '--no-sandbox');
    expect(args).toEqual([root, '--data-dir', '/tmp/x', '--callback-port', '9100']);
    expect(existsSync(join(root, 'dist', 'electron', 'main.js'))).toBe(true);
    expect(run.output()).not.toContain('Electron is not available');
  });

  it('passes Ctrl+C and SIGTERM on to Electron, so it can flush before exiting', async () => {
    const dir = tempDir();
    const got = join(dir, 'signal.txt');
    const ready = join(dir, 'ready');
    const { binary } = fakeElectron(dir, `trap 'echo TERM > "${got}"; exit 0' TERM\ntouch "${ready}"\nwhile true; do sleep 0.05; done`);
    const run = start([], { ELECTRON_PATH: binary, DISPLAY: ':99' });
    while (!existsSync(ready)) await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(readFileSync(got, 'utf8').trim()).toBe('TERM');
  });
});
