// Finds an Electron binary that can open a window here, or says in words why there is none.
// Used by scripts/start.mjs before anything else runs. It never loads the `electron` npm
// package: its index.js starts a download when the binary is missing, which cannot work
// offline and would stall `npm start`.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DISPLAY_PLATFORMS = new Set(['linux', 'freebsd', 'openbsd', 'netbsd', 'sunos']);

/**
 * @param {import('./electron-binary').FindElectronInput} input
 * @returns {import('./electron-binary').ElectronLookup}
 */
export function findElectron(input) {
  const { env, platform, projectRoot } = input;
  const exists = input.exists ?? existsSync;
  const readText = input.readText ?? ((path) => readFileSync(path, 'utf8'));
  const probe = input.probe ?? probeElectron;

  let binary;
  let source;
  if (env.ELECTRON_PATH) {
    binary = env.ELECTRON_PATH;
    source = 'ELECTRON_PATH';
    if (!exists(binary)) return { ok: false, reason: `ELECTRON_PATH points at ${binary}, which does not exist` };
  } else {
    const pkgDir = join(projectRoot, 'node_modules', 'electron');
    if (!exists(join(pkgDir, 'package.json'))) return { ok: false, reason: 'the electron package is not installed' };
    const pathFile = join(pkgDir, 'path.txt');
    if (!exists(pathFile)) {
      return { ok: false, reason: 'its binary was never downloaded: node_modules/electron/path.txt is missing' };
    }
    const relative = readText(pathFile).trim();
    const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
    binary = join(distDir, relative);
    source = 'electron package';
    if (!exists(binary)) return { ok: false, reason: `its binary is missing: ${binary}` };
  }

  if (DISPLAY_PLATFORMS.has(platform) && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display: neither DISPLAY nor WAYLAND_DISPLAY is set' };
  }
  const problem = probe(binary);
  if (problem !== null) return { ok: false, reason: `the binary at ${binary} does not run: ${problem}` };
  return { ok: true, binary, source };
}

/**
 * Runs the binary as plain Node for a moment: this loads its shared libraries (a machine
 * without GTK or NSS fails here) without opening a window. Returns null when it works.
 * @param {string} binary
 * @returns {string | null}
 */
export function probeElectron(binary) {
  const result = spawnSync(binary, ['-e', 'process.stdout.write(String(process.versions.electron))'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.error) return result.error.message;
  if (result.status === 0) return null;
  const firstLine = `${result.stderr ?? ''}`.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? `exit status ${result.status ?? result.signal}`;
}
