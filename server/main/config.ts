import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppOptions } from './app-options';

/** Flags of the DESIGN.md contract and the environment variable of each. */
export const CONFIG_FLAGS = {
  'callback-host': 'AEC_CALLBACK_HOST',
  'callback-port': 'AEC_CALLBACK_PORT',
  'admin-host': 'AEC_ADMIN_HOST',
  'admin-port': 'AEC_ADMIN_PORT',
  'data-dir': 'AEC_DATA_DIR',
  'admin-token': 'AEC_ADMIN_TOKEN',
  'guard-token': 'AEC_GUARD_TOKEN',
  'allow-from': 'AEC_ALLOW_FROM',
} as const;

export class ConfigError extends Error {}

/** Where the desktop app keeps its data (Electron's userData folder for this app's name). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const name = 'aec-live-monitor';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

/**
 * Flags win over environment variables; the settings file fills what neither gives (the app
 * reads it once the data folder is known). Unknown flags are an error, said plainly.
 */
export function resolveConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, defaults: Partial<AppOptions> = {}): AppOptions {
  const options = Object.fromEntries(Object.keys(CONFIG_FLAGS).map((flag) => [flag, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Known flags: ${Object.keys(CONFIG_FLAGS).map((f) => `--${f}`).join(' ')}`);
  }
  const pick = (flag: keyof typeof CONFIG_FLAGS): string | undefined => {
    const value = values[flag] ?? env[CONFIG_FLAGS[flag]];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const port = (flag: 'callback-port' | 'admin-port'): number | undefined => {
    const text = pick(flag);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      throw new ConfigError(`--${flag} must be a port number from 0 to 65535 (0 picks a free port), got "${text}"`);
    }
    return value;
  };
  const allowFrom = pick('allow-from');
  const result: AppOptions = { ...defaults, dataDir: pick('data-dir') ?? defaults.dataDir ?? defaultDataDir(env) };
  const set = <K extends keyof AppOptions>(key: K, value: AppOptions[K] | undefined): void => {
    if (value !== undefined) result[key] = value;
  };
  set('callbackHost', pick('callback-host'));
  set('callbackPort', port('callback-port'));
  set('adminHost', pick('admin-host'));
  set('adminPort', port('admin-port'));
  set('adminToken', pick('admin-token'));
  set('guardToken', pick('guard-token'));
  set('allowFrom', allowFrom?.split(',').map((cidr) => cidr.trim()).filter(Boolean));
  return result;
}
