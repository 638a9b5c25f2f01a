// `simulate`: run the fake media server against a callback URL from the command line.

import { parseArgs } from 'node:util';
import { ProgressWriter, summary } from './progress';
import { parseCallbackUrl } from './sender';
import { Simulator } from './simulator';

export const SIMULATE_USAGE = `Usage: simulate --url <callback URL> [options]

Plays a StarRTC 2.9.6 media server calling the AEC callback URL with a live studio:
channels of every type, uploaders and co-hosts, viewers joining and leaving in waves,
once-a-minute UPLOADING / PLAYING reports with traffic. It speaks the 2.9.6 wire (form POST
signed with the factory key, a connection per request) and obeys the answers as read by
the 2.9.6 reply parser.

  --url <URL>        the business URL, as in starrtc.conf aecurl= (http only)
  --channels <N>     channels going at once (default 6)
  --viewers <N>      peak concurrent viewers (default 60)
  --speed <X>        simulated seconds per real second; 60 = a minute per second (default 1)
  --duration <S>     stop after S real seconds (default: until Ctrl-C)
  --seed <S>         same seed, same studio (default: from the clock, printed at the end)
  --sign-key <K>     sign with this key instead of the factory key 12345678
  -h, --help         this text`;

function positiveNumber(name: string, raw: string | undefined, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${raw}`);
  }
  return n;
}

export async function runSimulateCommand(argv: string[]): Promise<number> {
  let simulator: Simulator;
  let url: string;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        channels: { type: 'string' },
        viewers: { type: 'string' },
        speed: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        'sign-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${SIMULATE_USAGE}\n`);
      return 0;
    }
    if (values.url === undefined) throw new Error('--url is required');
    url = parseCallbackUrl(values.url).href;
    const durationSeconds = values.duration === undefined ? undefined : positiveNumber('duration', values.duration, 0, false);
    simulator = new Simulator({
      url,
      channels: positiveNumber('channels', values.channels, 6, true),
      viewers: positiveNumber('viewers', values.viewers, 60, true),
      speed: positiveNumber('speed', values.speed, 1, false),
      ...(values.seed === undefined ? {} : { seed: values.seed }),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      ...(values['sign-key'] === undefined ? {} : { signKey: values['sign-key'] }),
    });
  } catch (err) {
    process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }

  const progress = new ProgressWriter(process.stderr);
  simulator.onProgress((status) => {
    if (status.running) progress.update(status);
  });
  const onSignal = (): void => void simulator.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  simulator.start();
  await simulator.whenStopped();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  progress.finish();
  const status = simulator.status();
  process.stdout.write(`${summary(status, url)}\n`);
  // Nothing answered at all means a wrong URL or a server that is down.
  return status.sent > 0 && status.allowed + status.denied === 0 ? 1 : 0;
}
