// `npm run bench -- --soak <minutes>`: a long run of the simulator at a studio's full audience
// against our real server, watching that memory and data files level off instead of growing.

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Simulator } from '../simulator';
import { residentBytes, startTsServer, waitForHealth } from './processes';
import { dataFiles } from './data-files';

const CALLBACK_LINE = /AEC callback listener\s+(http:\/\/\S+)/;
const SAMPLE_MS = 30_000;

export interface SoakOptions {
  minutes: number;
  viewers: number;
  speed: number;
  outDir: string;
}

interface SoakSample {
  elapsedSeconds: number;
  simulatedMinutes: number;
  sent: number;
  errors: number;
  viewers: number;
  ratePerSecond: number;
  rssMegabytes: number | null;
  dataMegabytes: number;
}

export async function runSoak(options: SoakOptions): Promise<number> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'aec-soak-'));
  const dataDir = path.join(tmp, 'data');
  await mkdir(dataDir);
  const token = randomBytes(16).toString('hex');
  const args = ['serve', '--data-dir', dataDir, '--callback-host', '127.0.0.1', '--callback-port', '0', '--admin-port', '0', '--admin-token', token];
  const { server, match } = await startTsServer('server/cli.ts', args, CALLBACK_LINE);
  const samples: SoakSample[] = [];
  const started = Date.now();
  const simulator = new Simulator({
    url: `${match[1]}aec`,
    channels: Math.max(5, Math.round(options.viewers / 200)),
    viewers: options.viewers,
    speed: options.speed,
    seed: 'soak',
    durationSeconds: options.minutes * 60,
  });
  try {
    await waitForHealth(`${match[1]}healthz`);
    process.stdout.write(`soak: ${options.viewers} viewers at speed ${options.speed} for ${options.minutes} min against ${match[1]}\n`);
    process.stdout.write('elapsed s  simulated min      sent  errors  viewers   req/s    RSS MB   data MB\n');
    simulator.start();
    const sample = async (): Promise<void> => {
      const status = simulator.status();
      const files = await dataFiles(dataDir);
      const rss = await residentBytes(server.pid);
      const row: SoakSample = {
        elapsedSeconds: Math.round((Date.now() - started) / 1000),
        simulatedMinutes: Math.round(status.simulatedSeconds / 60),
        sent: status.sent,
        errors: status.errors,
        viewers: status.viewers,
        ratePerSecond: Math.round(status.ratePerSecond),
        rssMegabytes: rss === null ? null : Math.round(rss / 1e5) / 10,
        dataMegabytes: Math.round(Object.values(files).reduce((a, b) => a + b, 0) / 1e5) / 10,
      };
      samples.push(row);
      process.stdout.write(
        `${String(row.elapsedSeconds).padStart(9)}  ${String(row.simulatedMinutes).padStart(13)}  ${String(row.sent).padStart(8)}  ${String(row.errors).padStart(6)}  ${String(row.viewers).padStart(7)}  ${String(row.ratePerSecond).padStart(6)}  ${String(row.rssMegabytes).padStart(8)}  ${String(row.dataMegabytes).padStart(8)}\n`,
      );
    };
    const timer = setInterval(() => void sample(), SAMPLE_MS);
    await simulator.whenStopped();
    clearInterval(timer);
    await sample();
  } finally {
    await simulator.stop();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
  await mkdir(options.outDir, { recursive: true });
  const file = path.join(options.outDir, `soak-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ options, machine: { cores: os.cpus().length, node: process.version }, samples }, null, 2)}\n`);
  process.stdout.write(`Results written to ${path.relative(process.cwd(), file)}\n`);
  return 0;
}
