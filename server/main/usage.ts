// `--help` of the headless app: the commands, and every flag of the CLI contract with its
// environment variable and default, generated from server/contract so that it never drifts.

import { CLI_FLAGS, SETTINGS, type SettingDescriptor } from '../contract';

/** One line per flag: what it is for. A test checks that every flag of the contract has one. */
export const FLAG_HELP: Readonly<Record<string, string>> = {
  'data-dir': "data folder (default: the desktop app's data folder)",
  'admin-token': 'token of the dashboard and admin API (default: generated on first run, kept in settings.json)',
  'callback-host': 'address the media server calls (0.0.0.0: the media server is on the LAN)',
  'callback-port': 'port of the callback listener; 0 picks a free one',
  'admin-host': 'address of the dashboard (127.0.0.1: this machine only)',
  'admin-port': 'port of the dashboard; 0 picks a free one',
  'guard-token': 'the sign key instead of the factory 12345678, for media servers built to sign with another one',
  'require-sign': 'refuse callbacks that carry no sign (a wrong sign is always refused)',
  'allow-from': 'comma list of media server addresses (CIDR); others get HTTP 403',
  webhook: 'comma list of URLs that get every alert as generic JSON (chat bots are set in Settings)',
  'upstream-aec': "forward mode: the studio's own eventCenter URL, asked first for every callback",
  'upstream-timeout-ms': 'forward mode: longest wait for the eventCenter (also bounded by the answer budget)',
};

const COMMANDS = `AEC Live Monitor (headless)

Usage: tsx server/cli.ts <command> [flags]
  serve      run the callback and admin listeners (npm run serve -- <flags>)
  demo       serve on a throw-away data folder plus the media-server simulator (npm run demo [-- --forward])
  simulate   play a fake media server against a callback URL (npm run simulate -- --url <url>)
  bench      measure throughput and latency (npm run bench)
  backup     archive a data folder, also while it is served (npm run backup -- --data-dir <path> --to <file>)
  restore    unpack a backup into a data folder not in use (npm run restore -- --from <file> --data-dir <path> [--force])
`;

export function usage(): string {
  const rows = CLI_FLAGS.map(({ flag, env, setting, boolean }) => {
    const name = boolean ? `--${flag}` : `--${flag} <value>`;
    const fallback = setting === undefined ? '' : defaultOf(SETTINGS[setting]);
    return `  ${name.padEnd(31)}${env.padEnd(26)}${FLAG_HELP[flag] ?? ''}${fallback}`;
  });
  return `${COMMANDS}
Flags of serve and demo (each also from its environment variable, and from settings.json in the data folder):
${rows.join('\n')}
`;
}

function defaultOf(descriptor: SettingDescriptor): string {
  const value = descriptor.default;
  if (value === null || value === false || (Array.isArray(value) && value.length === 0)) return '';
  return typeof value === 'object' ? '' : `; default ${String(value)}`;
}
