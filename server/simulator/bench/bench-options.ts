// The `bench` command line: its usage text, and the options read into the results' config.

import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_FAMILIES, parseFamilies } from './family-requests';
import { CONNECTION_MODES } from './load-requests';
import type { ConnectionMode } from './load-requests';
import type { BenchConfig, BenchResults } from './report';
import type { SoakOptions } from './soak';

export const BENCH_USAGE = `Usage: bench [options]

  --quick            a short try-out: sizes 100,1000,5000, 3 s per run, 5 s at the real
                     rate, burst of 2,000, 200 items per family, the stream read 10 s +
                     5 x --duration
  --duration <S>     seconds per load run (default 10)
  --connections <N>  requests in flight at once: connections of the load generator (default 16)
  --connection-mode <keepalive|fresh|both>
                     keepalive: the N connections are kept open and reused (autocannon);
                     fresh: every request on a new TCP connection, closed after the reply,
                     as the 2.9.6 media server does; both: each load in both modes (default)
  --sizes <a,b,c>    live viewer sessions to measure at (default 100,10000,100000)
  --burst <N>        USER_ONLINE burst size (default 10000; 0 to skip)
  --sockets <N>      sockets the burst may use, like a media server's pool (default 256)
  --families <list>  after the sizes and the burst, on the same server, each family's action in
                     every mode against the same ceiling: chatroom (AEC_CHATROOM_IS_EXIST),
                     group (AEC_GROUP_SYNC_ALL), call (AEC_VOIP_USER_PLAYING); default all
  --no-families      skip them
  --family-size <N>  chat rooms, groups (of 8) or calls set up per family (default 1000)
  --paced-seconds <S>
                     seconds of USER_PLAYING at each size's real rate (a report per viewer a
                     minute, a connection each), latency counted from each request's time in the
                     schedule, on the ceiling and on ours; and as long the disk alone at that
                     rate, records written and fdatasync'ed in groups (default 20; 0 to skip)
  --no-stream        skip the dashboard stream: the demo (cli demo) run on its own, and
                     /api/stream?topics=channels read as a channels-view tab reads it
  --stream-only      measure only the stream (no ceiling, no loads)
  --stream-seconds <S>
                     seconds the stream is counted after its warm-up (default 60; 20 s warm-up)
  --state-at-scale-only
                     measure only the state at scale (no ceiling, no loads, no stream)
  --no-state-at-scale
                     skip the state at scale: our server started on a data folder of the largest
                     size's sessions and a day of history (2 h with --quick): RSS once settled,
                     the event loop's longest block during a snapshot, restart after kill -9
  --soak <minutes>   instead: the simulator plays a studio of --viewers (10000) at --speed (6)
                     against our server for that long; RSS and data files sampled every 30 s
  --ceiling-only     measure only the bare Koa ceiling
  --out <dir>        where the JSON goes (default bench-results)
  --profile <dir>    run our server with --cpu-prof and --heap-prof into <dir>
                     (open the .cpuprofile in Chrome DevTools or speedscope)
  -h, --help         this text`;

export type ParsedBenchArgs =
  | { kind: 'error'; message: string; usage: string }
  | { kind: 'help'; usage: string }
  | { kind: 'soak'; options: SoakOptions }
  | { kind: 'bench'; r: BenchResults; ceilingOnly: boolean; streamOnly: boolean; stateAtScaleOnly: boolean; outDir: string };

type Values = ReturnType<typeof readArgs>['values'];

function readArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'connection-mode': { type: 'string' },
      sizes: { type: 'string' },
      burst: { type: 'string' },
      sockets: { type: 'string' },
      'ceiling-only': { type: 'boolean' },
      families: { type: 'string' },
      'no-families': { type: 'boolean' },
      'family-size': { type: 'string' },
      'paced-seconds': { type: 'string' },
      'no-stream': { type: 'boolean' },
      'stream-only': { type: 'boolean' },
      'stream-seconds': { type: 'string' },
      'no-state-at-scale': { type: 'boolean' },
      'state-at-scale-only': { type: 'boolean' },
      out: { type: 'string' },
      profile: { type: 'string' },
      soak: { type: 'string' },
      viewers: { type: 'string' },
      speed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

function intList(raw: string): number[] {
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--sizes must be positive integers, got ${raw}`);
  return list.sort((a, b) => a - b);
}

function positiveInt(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${raw}`);
  return v;
}

function connectionModes(raw: string | undefined): ConnectionMode[] {
  if (raw === undefined || raw === 'both') return [...CONNECTION_MODES];
  const mode = CONNECTION_MODES.find((m) => m === raw);
  if (mode === undefined) throw new Error(`--connection-mode must be keepalive, fresh or both, got ${raw}`);
  return [mode];
}

/** The families' and the stream's part of the config. */
function familyAndStream(values: Values, quick: boolean): Pick<BenchConfig, 'families' | 'familySize' | 'stream' | 'streamSeconds' | 'streamWarmupSeconds'> {
  const duration = positiveInt('duration', values.duration, quick ? 3 : 10);
  return {
    families: values['no-families'] ? [] : values.families !== undefined ? parseFamilies(values.families) : [...BENCH_FAMILIES],
    familySize: positiveInt('family-size', values['family-size'], quick ? 200 : 1000),
    stream: values['no-stream'] !== true,
    streamSeconds: positiveInt('stream-seconds', values['stream-seconds'], quick ? 5 * duration : 60),
    streamWarmupSeconds: quick ? 10 : 20,
  };
}

function newResults(values: Values, argv: string[]): BenchResults {
  const quick = values.quick === true;
  const cpus = os.cpus();
  return {
    startedAt: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryBytes: os.totalmem(),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      loadAverageAtStart: os.loadavg()[0] ?? 0,
    },
    config: {
      quick,
      durationSeconds: positiveInt('duration', values.duration, quick ? 3 : 10),
      warmupSeconds: quick ? 1 : 2,
      connections: positiveInt('connections', values.connections, 16),
      connectionModes: connectionModes(values['connection-mode']),
      sizes: values.sizes ? intList(values.sizes) : quick ? [100, 1000, 5000] : [100, 10_000, 100_000],
      channels: 100,
      burst: positiveInt('burst', values.burst, quick ? 2000 : 10_000, true),
      burstSockets: positiveInt('sockets', values.sockets, 256),
      pacedSeconds: positiveInt('paced-seconds', values['paced-seconds'], quick ? 5 : 20, true),
      ...(values.profile !== undefined ? { profileDir: path.resolve(values.profile) } : {}),
      ...familyAndStream(values, quick),
      stateHistoryHours: values['no-state-at-scale'] ? 0 : quick ? 2 : 24,
    },
    ceiling: {},
    sizes: [],
    burst: null,
    families: [],
    stream: null,
    targets: [],
    problems: [],
  };
}

/** Reads the command line; `repoRoot` anchors the default output folder. */
export function parseBenchArgs(argv: string[], repoRoot: string): ParsedBenchArgs {
  try {
    const { values } = readArgs(argv);
    if (values.help) return { kind: 'help', usage: BENCH_USAGE };
    const outDir = path.resolve(values.out ?? path.join(repoRoot, 'bench-results'));
    if (values.soak !== undefined) {
      const options: SoakOptions = {
        minutes: positiveInt('soak', values.soak, 10),
        viewers: positiveInt('viewers', values.viewers, 10_000),
        speed: positiveInt('speed', values.speed, 6),
        outDir,
      };
      return { kind: 'soak', options };
    }
    if (values.families !== undefined && values['no-families']) throw new Error('--families and --no-families cannot go together');
    if (values['stream-only'] && values['no-stream']) throw new Error('--stream-only cannot go with --no-stream');
    const onlies = (['ceiling-only', 'stream-only', 'state-at-scale-only'] as const).filter((o) => values[o]);
    if (onlies.length > 1) throw new Error(`--${onlies.join(' and --')} cannot go together`);
    if (values['state-at-scale-only'] && values['no-state-at-scale']) throw new Error('--state-at-scale-only cannot go with --no-state-at-scale');
    return {
      kind: 'bench',
      r: newResults(values, argv),
      ceilingOnly: values['ceiling-only'] === true,
      streamOnly: values['stream-only'] === true,
      stateAtScaleOnly: values['state-at-scale-only'] === true,
      outDir,
    };
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err), usage: BENCH_USAGE };
  }
}
