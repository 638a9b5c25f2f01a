import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_FLAGS, NOTICE_KINDS, SETTINGS, type CliFlag, type SettingDescriptor } from '../contract';
import { settingsPatchSchema } from '../settings/schema';
import type { AppOptions } from './app-options';

export class ConfigError extends Error {}

/** Where the desktop app keeps its data (Electron's userData folder for this app's name). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const name = 'aec-live-monitor';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

/** The parseArgs options of every flag of the contract. */
export function flagOptions(): Record<string, { type: 'string' | 'boolean' }> {
  return Object.fromEntries(CLI_FLAGS.map((f) => [f.flag, { type: f.boolean ? ('boolean' as const) : ('string' as const) }]));
}

/**
 * Flags win over environment variables; the settings file fills what neither gives (the app
 * reads it once the data folder is known). Unknown flags and bad values are an error, said plainly.
 */
export function resolveConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, defaults: Partial<AppOptions> = {}): AppOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: flagOptions(), strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Known flags: ${CLI_FLAGS.map((f) => `--${f.flag}`).join(' ')}`);
  }
  const result: AppOptions = { ...defaults, dataDir: defaults.dataDir ?? defaultDataDir(env) };
  const sources: NonNullable<AppOptions['settingSources']> = { ...defaults.settingSources };
  for (const cli of CLI_FLAGS) {
    const given = pick(cli, values, env);
    if (given === undefined) continue;
    if (cli.flag === 'data-dir') result.dataDir = String(given.value);
    else if (cli.flag === 'admin-token') result.adminToken = String(given.value);
    else if (cli.setting) {
      const value = settingValue(cli, SETTINGS[cli.setting], given.value);
      const checked = settingsPatchSchema.safeParse({ [cli.setting]: value });
      if (!checked.success) {
        throw new ConfigError(`--${cli.flag} (or ${cli.env}) ${JSON.stringify(given.value)}: ${checked.error.issues[0]?.message ?? 'invalid value'}`);
      }
      Object.assign(result, { [cli.setting]: value });
      sources[cli.setting] = given.from;
    }
  }
  if (Object.keys(sources).length > 0) result.settingSources = sources;
  return result;
}

function pick(
  cli: CliFlag,
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): { value: string | boolean; from: 'flag' | 'env' } | undefined {
  const flag = values[cli.flag];
  if (flag === true || (typeof flag === 'string' && flag.trim() !== '')) return { value: typeof flag === 'string' ? flag.trim() : flag, from: 'flag' };
  const fromEnv = env[cli.env];
  if (typeof fromEnv === 'string' && fromEnv.trim() !== '') return { value: fromEnv.trim(), from: 'env' };
  return undefined;
}

function settingValue(cli: CliFlag, descriptor: SettingDescriptor, given: string | boolean): unknown {
  if (typeof given === 'boolean') return given;
  switch (descriptor.kind) {
    case 'port':
    case 'integer': {
      const n = Number(given);
      if (!/^\d+$/.test(given) || !Number.isSafeInteger(n)) {
        const range = descriptor.kind === 'port' ? 'a port number from 0 to 65535 (0 picks a free port)' : `a whole number from ${descriptor.min} to ${descriptor.max}`;
        throw new ConfigError(`--${cli.flag} must be ${range}, got "${given}"`);
      }
      return n;
    }
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(given)) return true;
      if (/^(0|false|no|off)$/i.test(given)) return false;
      throw new ConfigError(`${cli.env} must be true or false, got "${given}"`);
    case 'cidrList':
      return given.split(',').map((cidr) => cidr.trim()).filter(Boolean);
    case 'webhookList':
      // The command line names generic JSON receivers; chat-bot formats are chosen in the settings.
      return given.split(',').map((url) => url.trim()).filter(Boolean).map((url) => ({ url, format: 'json', events: [...NOTICE_KINDS] }));
    default:
      return given;
  }
}
