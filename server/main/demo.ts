import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_FLAGS } from '../contract';
import { ConfigError, flagOptions, resolveConfig } from './config';
import { startApp } from './app';
import { simulatorControl } from '../simulator/control';
import { startDemoUpstream } from '../simulator/demo-upstream';

/**
 * `npm run demo`: the headless app on a throw-away data folder (or --data-dir) with the
 * simulator playing a studio at ten times real speed, so a newcomer sees a live dashboard.
 * `--forward`: in front of a loopback eventCenter that behaves like the PHP reference, which
 * goes down for a while every few minutes so that fallbacks and replays show.
 */
export async function runDemo(argv: string[]): Promise<number> {
  const demoFlags = { speed: { type: 'string' }, channels: { type: 'string' }, viewers: { type: 'string' }, forward: { type: 'boolean' } } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...demoFlags, ...flagOptions() }, strict: true }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Demo flags: --speed --channels --viewers --forward, plus those of serve`);
  }
  const passThrough = CLI_FLAGS.flatMap(({ flag }) => {
    const value = values[flag];
    if (value === true) return [`--${flag}`];
    return typeof value === 'string' ? [`--${flag}`, value] : [];
  });
  const number = (text: unknown, fallback: number): number => {
    const n = Number(text);
    return typeof text === 'string' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'aec-demo-'));
  const upstream = values.forward === true ? await startDemoUpstream() : undefined;
  const forwardTo = upstream ? ['--upstream-aec', upstream.url] : [];
  const options = resolveConfig([...forwardTo, ...passThrough], process.env, { dataDir, callbackHost: '127.0.0.1', callbackPort: 0, adminPort: 0 });
  let control: ReturnType<typeof simulatorControl> | undefined;
  const running = await startApp(options, {
    simulator: (url) => {
      control = simulatorControl(url, {
        speed: number(values.speed, 10),
        channels: number(values.channels, 6),
        viewers: number(values.viewers, 60),
      });
      return control;
    },
  });
  console.log(`Demo: a simulated studio plays into ${running.callbackUrl} (data in ${options.dataDir}). Open the dashboard URL above; Ctrl+C stops.`);
  await control?.start();
  await new Promise<void>((resolve) => {
    const shutdown = (): void => void running.stop().then(() => upstream?.stop()).then(resolve, resolve);
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}
