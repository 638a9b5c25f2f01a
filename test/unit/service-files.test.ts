// The service files cannot be exercised end to end here (no Docker engine, no systemd as PID 1),
// so they are checked for what matters and their commands are run as far as this machine can:
// the unit's ExecStart with its environment serves from the checkout, and the Dockerfile's
// HEALTHCHECK command tells a healthy server from a missing one.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startHarness, tempDataDir } from '../support/harness';
import { startNodeServer, stopServe } from '../support/serve-process';

const root = join(import.meta.dirname, '..', '..');
const unitText = readFileSync(join(root, 'build', 'systemd', 'aec-live-monitor.service'), 'utf8');
const dockerfile = readFileSync(join(root, 'build', 'docker', 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(root, 'build', 'docker', 'Dockerfile.dockerignore'), 'utf8');

/** `[Section]` -> key -> values (a key may repeat, e.g. Environment=). Comments and blanks skipped. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      sections.set(section[1]!, (current = new Map()));
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq);
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1)]);
  }
  return sections;
}

const unit = parseUnit(unitText);
const service = unit.get('Service')!;
const one = (key: string): string | undefined => service.get(key)?.at(-1);
const environment = new Map((service.get('Environment') ?? []).map((pair) => pair.split(/=(.*)/s, 2) as [string, string]));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

describe('systemd unit', () => {
  it('restarts always, runs as its own user with a state directory, and is hardened', () => {
    expect(one('Restart')).toBe('always');
    expect(one('User')).toMatch(/^[a-z][a-z-]+$/);
    expect(one('User')).not.toBe('root');
    expect(one('StateDirectory')).toBe('aec-live-monitor');
    expect(environment.get('AEC_DATA_DIR')).toBe(`%S/${one('StateDirectory')}`);
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['CapabilityBoundingSet', ''],
    ] as const) {
      expect(one(key), key).toBe(value);
    }
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
    expect(unit.get('Unit')?.get('After')).toEqual(['network-online.target']);
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status !== 0)('passes systemd-analyze verify', () => {
    const run = spawnSync('systemd-analyze', ['verify', '--man=no', join(root, 'build', 'systemd', 'aec-live-monitor.service')], { encoding: 'utf8' });
    expect(run.stderr.split('\n').filter((line) => /aec-live-monitor\.service/.test(line) && !/Failed to resolve (user|group)|No such file/.test(line))).toEqual([]);
  });

  it('its ExecStart, with its environment, serves from the checkout and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const dataDir = await tempDataDir('aec-unit-');
    dirs.push(dataDir);
    const [binary, ...args] = one('ExecStart')!.split(' ');
    expect(binary).toBe('/usr/bin/node');
    // This machine's stand-ins for what systemd provides: the state directory, free ports, loopback.
    const env = { ...Object.fromEntries(environment), AEC_DATA_DIR: dataDir, AEC_CALLBACK_HOST: '127.0.0.1', AEC_CALLBACK_PORT: '0', AEC_ADMIN_PORT: '0' };
    const server = await startNodeServer(args, { cwd: root, env });
    expect(server.stdout()).toContain(`Data folder            ${dataDir}`);
    expect((await fetch(new URL('/healthz', server.callbackUrl))).status).toBe(200);
    expect(await stopServe(server)).toBe(0);
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const runtime = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));

  it('runs node 20 slim as a non-root user with the data folder as a volume and both ports', () => {
    expect(runtime[0]).toMatch(/^FROM node:20[\w.-]*-slim$/);
    expect(runtime.filter((line) => line.startsWith('USER ')).at(-1)).toBe('USER node');
    expect(runtime).toContain('VOLUME ["/data"]');
    expect(runtime.find((line) => line.startsWith('ENV '))).toMatch(/AEC_DATA_DIR=\/data/);
    expect(runtime).toContain('EXPOSE 9900 9901');
    expect(runtime.at(-1)).toBe('CMD ["node", "dist/electron/serve.js", "serve"]');
  });

  it('leaves the desktop app, the build output and the tests out of the build context', () => {
    const ignored = dockerignore.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'release', '.git']));
  });

  it("its HEALTHCHECK passes against a ready server's /healthz and fails with none", { timeout: 60_000 }, async () => {
    const healthcheck = runtime.find((line) => line.startsWith('HEALTHCHECK '))!;
    const command = JSON.parse(/ CMD (\[.*\])$/.exec(healthcheck)![1]!) as string[];
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/healthz');
    const probe = (port: string): Promise<number | null> =>
      new Promise((resolve) => {
        spawn(process.execPath, command.slice(1), { env: { ...process.env, AEC_CALLBACK_PORT: port }, stdio: 'ignore' }).once('exit', resolve);
      });
    const harness = await startHarness();
    try {
      expect(await probe(new URL(harness.callbackUrl).port)).toBe(0);
    } finally {
      await harness.stop();
    }
    expect(await probe(new URL(harness.callbackUrl).port)).toBe(1);
  });
});
