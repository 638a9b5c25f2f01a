// The headless entry bundle (dist/electron/serve.js) lets an installed app serve without a
// window. Laid out as in the package (app/dist/electron/serve.js beside app/node_modules and
// app/package.json) and run under plain Node: it prints its help, and it serves.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_ONLY, buildServe, runtimeExternals } from '../../electron/build.mjs';
import { startNodeServer, stopServe } from '../support/serve-process';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

describe('headless entry bundle', () => {
  const app = mkdtempSync(join(tmpdir(), 'aec-serve-bundle-'));
  let bundle = '';
  beforeAll(async () => {
    symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
    copyFileSync(join(root, 'package.json'), join(app, 'package.json'));
    bundle = await buildServe({ projectRoot: root, outDir: join(app, 'dist', 'electron') });
  });
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('prints the usage for serve --help under plain node', () => {
    const run = spawnSync(process.execPath, [bundle, 'serve', '--help'], { encoding: 'utf8', cwd: tmpdir() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('AEC Live Monitor (headless)');
    expect(run.stdout).toMatch(/^\s+serve\s/m);
    expect(run.stdout).toMatch(/^\s+backup\s/m);
  });

  it('imports nothing but Node built-ins and runtime dependencies (and the bench tools, on demand)', () => {
    const code = readFileSync(bundle, 'utf8');
    const specifiers = new Set(
      [...code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2] ?? ''),
    );
    const allowed = new Set([...runtimeExternals(root), ...BENCH_ONLY, ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] ?? spec);
    expect([...specifiers].filter((spec) => !allowed.has(spec) && !allowed.has(packageOf(spec)))).toEqual([]);
    expect(specifiers).not.toContain('electron');
  });

  it('serves: both listeners up, /healthz 200, a clean stop on SIGTERM', { timeout: 60_000 }, async () => {
    const dataDir = join(app, 'data');
    const server = await startNodeServer([bundle, 'serve', '--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0'], { cwd: tmpdir() });
    expect((await fetch(new URL('/healthz', server.callbackUrl))).status).toBe(200);
    expect(await stopServe(server)).toBe(0);
  });

  it('is shipped by the electron-builder config', () => {
    const yaml = require('js-yaml') as { load(text: string): unknown };
    const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
    const config = yaml.load(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')) as { files: string[] };
    let shipped = false;
    for (const pattern of config.files) {
      if (pattern.startsWith('!')) shipped &&= !minimatch('dist/electron/serve.js', pattern.slice(1));
      else shipped ||= minimatch('dist/electron/serve.js', pattern);
    }
    expect(shipped).toBe(true);
  });
});
