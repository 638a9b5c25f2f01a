// `npm start -- <flags>`: the desktop app when Electron can run here, otherwise the same core
// headless (with one line saying why), so a studio server without a display still works.
// Flags are the core's (--callback-port, --data-dir, ...); `--headless` forces the fallback.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from '../electron/electron-binary.mjs';
import { ensureRenderer } from './ensure-renderer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const forceHeadless = argv.includes('--headless');
const flags = argv.filter((arg) => arg !== '--headless');

const lookup = forceHeadless
  ? { ok: false, reason: '--headless was given' }
  : findElectron({ env: process.env, platform: process.platform, projectRoot: root });

// The one line that says which app runs, and why, comes first.
if (!lookup.ok) {
  console.log(`Electron is not available (${lookup.reason}); running headless instead — open the dashboard URL below.`);
}
try {
  await ensureRenderer({ projectRoot: root });
} catch (error) {
  // The server still runs and says how to build the dashboard; do not block the show on it.
  console.error(`Could not build the dashboard: ${error instanceof Error ? error.message : error}`);
}

let child;
if (lookup.ok) {
  try {
    const { buildMain } = await import('../electron/build.mjs');
    await buildMain({ projectRoot: root });
  } catch (error) {
    console.error(`Could not build the desktop app's main process: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  const chromiumFlags = [];
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    // Chromium refuses to run as root with its sandbox on; say so rather than fail silently.
    console.warn('Running as root: starting Electron with --no-sandbox (run as a normal user to keep the sandbox).');
    chromiumFlags.push('--no-sandbox');
  }
  const env = { ...process.env };
  // Inherited from some editors' terminals; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  child = spawn(lookup.binary, [...chromiumFlags, root, ...flags], {
    cwd: root,
    env,
    stdio: 'inherit',
    // Own process group: a terminal's Ctrl+C reaches only us, and we pass it on exactly once.
    detached: process.platform !== 'win32',
  });
} else {
  child = spawn(process.execPath, ['--import', 'tsx', join('server', 'cli.ts'), 'serve', ...flags], {
    cwd: root,
    stdio: 'inherit',
    detached: process.platform !== 'win32',
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`Could not start ${lookup.ok ? 'Electron' : 'the headless app'}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
});
