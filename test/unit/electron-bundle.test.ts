// The packaged app runs dist/electron/main.js with only package.json "dependencies" beside it.
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMain, RUNTIME_ICONS, runtimeExternals } from '../../electron/build.mjs';

const root = join(import.meta.dirname, '..', '..');
describe('main process bundle', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'aec-bundle-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('imports nothing but Node built-ins, electron and runtime dependencies', async () => {
    const file = await buildMain({ projectRoot: root, outDir });
    const code = readFileSync(file, 'utf8');
    const specifiers = new Set(
      [...code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)]
        .map((m) => m[1] ?? m[2] ?? ''),
    );
    const allowed = new Set([...runtimeExternals(root), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] ?? spec);
    const strays = [...specifiers].filter((spec) => !allowed.has(spec) && !allowed.has(packageOf(spec)));
    expect(strays).toEqual([]);
    expect(specifiers).toContain('electron');
    expect(code).not.toMatch(/from\s*["']tsx/);
  });

  it('carries the icons the tray and window load', () => {
    for (const icon of RUNTIME_ICONS) expect(existsSync(join(outDir, 'icons', icon)), icon).toBe(true);
  });
});
