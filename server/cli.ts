#!/usr/bin/env node
import { resolveConfig, ConfigError } from './main/config';
import { startApp } from './main/app';
import { ListenError } from './main/listen';
import { simulatorControl } from './simulator/control';
import { AllowListError } from './http/callback/allow-list';

const USAGE = `AEC Live Monitor (headless)

Usage: tsx server/cli.ts <command> [flags]
  serve      run the callback and admin listeners (npm run serve -- <flags>)
  demo       serve on a throw-away data folder plus the media-server simulator (npm run demo)
  simulate   play a fake media server against a callback URL (npm run simulate -- --url <url>)
  bench      measure throughput and latency (npm run bench)
  backup     archive a data folder, also while it is served (npm run backup -- --data-dir <path> --to <file>)
  restore    unpack a backup into a data folder not in use (npm run restore -- --from <file> --data-dir <path> [--force])

Flags of serve and demo (each also from an environment variable, and from settings.json in the data folder):
  --callback-host <ip>    AEC_CALLBACK_HOST   default 0.0.0.0 (the media server is on the LAN)
  --callback-port <n>     AEC_CALLBACK_PORT   default 9900; 0 picks a free port
  --admin-host <ip>       AEC_ADMIN_HOST      default 127.0.0.1 (this machine only)
  --admin-port <n>        AEC_ADMIN_PORT      default 9901; 0 picks a free port
  --data-dir <path>       AEC_DATA_DIR        default: the desktop app's data folder
  --admin-token <token>   AEC_ADMIN_TOKEN     default: generated on first run, kept in settings.json
  --guard-token <secret>  AEC_GUARD_TOKEN     refuse callbacks without a valid sign
  --allow-from <cidrs>    AEC_ALLOW_FROM      comma list of media server addresses (CIDR)
`;

async function serve(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const options = resolveConfig(argv, process.env);
  // Listen for signals before starting: a Ctrl+C during start-up still stops cleanly.
  let signalled: string | undefined;
  let onSignal: (signal: string) => void = (signal) => {
    signalled = signal;
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  const running = await startApp(options, { simulator: (url) => simulatorControl(url) });
  await new Promise<void>((resolve) => {
    onSignal = (signal) => {
      console.log(`${signal}: stopping (finishing writes)...`);
      running.stop().then(
        () => resolve(),
        (error: Error) => {
          console.error(`error while stopping: ${error.message}`);
          process.exitCode = 1;
          resolve();
        },
      );
    };
    if (signalled) onSignal(signalled);
  });
  return process.exitCode === 1 ? 1 : 0;
}

async function main(): Promise<number> {
  const [command, ...argv] = process.argv.slice(2);
  switch (command) {
    case 'serve':
      return serve(argv);
    case 'demo':
      return (await import('./main/demo')).runDemo(argv);
    case 'simulate':
      return (await import('./simulator')).runSimulateCommand(argv);
    case 'bench':
      return (await import('./simulator')).runBenchCommand(argv);
    case 'backup':
      return (await import('./backup/backup-command')).runBackupCommand(argv);
    case 'restore':
      return (await import('./backup/backup-command')).runRestoreCommand(argv);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    // Known, operator-fixable problems get one clear line; anything else its stack.
    const known = error instanceof ConfigError || error instanceof ListenError || error instanceof AllowListError || error.name === 'DataDirLockedError';
    console.error(known ? `aec-live-monitor: ${error.message}` : error);
    process.exit(known ? 2 : 1);
  },
);
