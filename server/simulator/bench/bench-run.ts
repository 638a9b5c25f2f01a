// What the steps of one bench run share: the results being filled, the temporary folder, the
// bench's channels, the `ts` the next report starts at, our server under test; and a load run
// in each connection mode asked for, compared with the ceiling in that mode.

import type { ServerChild } from './processes';
import { runWorker, startTsServer, waitForHealth } from './processes';
import type { BenchFamily } from './family-requests';
import type { ConnectionMode } from './load-requests';
import type { LoadResult, WorkerTask } from './load-worker';
import type { BenchResults, ModeLoads } from './report';
import type { BenchChannel } from './state-fill';

export interface BenchRun {
  r: BenchResults;
  tmp: string;
  channels: BenchChannel[];
  /** The `ts` the next report sent to a server starts at: never one a session already sent. */
  nextTs: number;
}

/** Our server under test, started on a fresh data folder. */
export interface Ours {
  server: ServerChild;
  aecUrl: string;
  adminOrigin: string | null;
  token: string;
  dataDir: string;
}

export const say = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

/**
 * The load in each connection mode asked for, one after the other, `ts` carrying on: the
 * viewers' USER_PLAYING over the sessions in `itemsFile`, or a family's action over its items.
 */
export async function loadRuns(run: BenchRun, url: string, itemsFile: string, family?: BenchFamily): Promise<ModeLoads> {
  const { config } = run.r;
  const loads: ModeLoads = {};
  for (const mode of config.connectionModes) {
    const task: WorkerTask = {
      kind: 'load',
      mode,
      url,
      sessionsFile: itemsFile,
      ...(family ? { family } : {}),
      firstTs: run.nextTs,
      connections: config.connections,
      durationSeconds: config.durationSeconds,
      warmupSeconds: config.warmupSeconds,
    };
    const load = await runWorker<LoadResult>(task, (config.warmupSeconds + config.durationSeconds + 60) * 1000);
    run.nextTs = load.nextTs;
    loads[mode] = load;
  }
  return loads;
}

/** Each mode's throughput over the ceiling's in the same mode. */
export function ratiosToCeiling(ceiling: ModeLoads, loads: ModeLoads): Partial<Record<ConnectionMode, number>> {
  const ratios: Partial<Record<ConnectionMode, number>> = {};
  for (const [mode, load] of Object.entries(loads) as Array<[ConnectionMode, LoadResult]>) {
    const c = ceiling[mode];
    if (c) ratios[mode] = load.requestsPerSecond / Math.max(1, c.requestsPerSecond);
  }
  return ratios;
}

/** The admin listener's origin, from the server's start-up lines (not the callback one). */
export function adminOrigin(output: string[], callbackUrl: string): string | null {
  const callbackOrigin = new URL(callbackUrl).origin;
  for (const line of output) {
    if (!/admin|dashboard/i.test(line)) continue;
    for (const found of line.match(/http:\/\/[^\s"']+/g) ?? []) {
      const origin = new URL(found).origin;
      if (origin !== callbackOrigin) return origin;
    }
  }
  return null;
}

const CALLBACK_LINE = /AEC callback listener\s+(http:\/\/\S+)/;

/**
 * Starts `server/cli.ts` (bundled) with these arguments and waits for its /healthz: its
 * callback base URL (ending in `/`) and its admin origin when its start-up lines name one.
 */
export async function startCli(args: string[], nodeArgs: string[] = []): Promise<{ server: ServerChild; base: string; admin: string | null }> {
  const { server, match } = await startTsServer('server/cli.ts', args, CALLBACK_LINE, 60_000, nodeArgs);
  const base = (match[1] as string).endsWith('/') ? (match[1] as string) : `${match[1]}/`;
  try {
    await waitForHealth(`${base}healthz`);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { server, base, admin: adminOrigin(server.output, base) };
}
