// How the desktop shell turns its command line into the core's options. Electron's argv also
// carries the app path and Chromium switches, so only the core's own flags are passed on.

import { randomBytes } from 'node:crypto';
import type { AppOptions } from '../server/main/app-options';
import { CLI_FLAGS } from '../server/contract';

/** The flags the core understands; all but the switches take one value. */
export const APP_FLAGS = CLI_FLAGS.map((f) => `--${f.flag}`);
const switches = new Set(CLI_FLAGS.filter((f) => f.boolean).map((f) => `--${f.flag}`));

/** Keeps `--flag value` and `--flag=value` pairs of APP_FLAGS, in order; drops the rest. */
export function pickAppFlags(argv: readonly string[]): string[] {
  const picked: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!APP_FLAGS.includes(name)) continue;
    if (eq !== -1 || switches.has(name)) {
      picked.push(arg);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) {
      picked.push(arg); // let resolveConfig report the missing value
      continue;
    }
    picked.push(arg, value);
    i += 1;
  }
  return picked;
}

/** A fresh admin token for this launch only: the window gets it, nothing stores it. */
export function newAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * What the desktop app uses unless a flag or environment variable says otherwise: data in the
 * user's app-data folder, dashboard on loopback only, on a free port, with a per-launch token.
 */
export function desktopDefaults(userDataDir: string, adminToken: string): Partial<AppOptions> {
  return { dataDir: userDataDir, adminHost: '127.0.0.1', adminPort: 0, adminToken };
}
