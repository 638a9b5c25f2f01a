#!/usr/bin/env node
import { resolveConfig, ConfigError } from './main/config';
import { startApp } from './main/app';
import { ListenError } from './main/listen';
import { simulatorControl } from './simulator/control';
import { AllowListError } from './settings/allow-list';
import { usage } from './main/usage';

const USAGE = usage();

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
