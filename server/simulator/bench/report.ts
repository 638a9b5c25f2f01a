// The bench's results: their JSON shape (bench-results/bench-<time>.json), and the units the
// table prints them in. Each load is measured once per connection mode (keep-alive, and fresh:
// one connection per request as 2.9.6), against the ceiling in that mode. The table is
// table.ts, the targets targets.ts. Fields are only ever added: older readers keep working.

import type { StateAtScaleResult } from './state-at-scale';
import type { ActionName } from '../../contract';
import type { BenchFamily } from './family-requests';
import type { DiskFloorResult } from './disk-floor';
import type { BurstResult, LoadResult, PacedResult } from './load-worker';
import type { ConnectionMode } from './load-requests';
import type { FillCounts } from './state-fill';

/** USER_PLAYING at a size's real rate (paced-step.ts). */
export interface PacedRun extends PacedResult {
  /** The server's CPU over the run (all its threads), in cores; null where /proc is missing. */
  serverCores: number | null;
}

/** One load result per connection mode measured. */
export type ModeLoads = Partial<Record<ConnectionMode, LoadResult>>;

export interface SizeResult {
  /** Viewer sessions the bench opened (and the server accepted). */
  sessions: number;
  /** Viewers the admin API reported at the start of the load, when it could be read. */
  viewersInState: number | null;
  fill: FillCounts & { elapsedMs: number };
  loads: ModeLoads;
  /** Our throughput over the ceiling's in the same connection mode. */
  ratioToCeiling: Partial<Record<ConnectionMode, number>>;
  rssBytesBefore: number | null;
  /** After the loads of every mode at this size. */
  rssBytesAfter: number | null;
  /** USER_PLAYING at this size's real rate (paced-step.ts); absent or null when not measured. */
  paced?: PacedRun | null;
  /** The disk alone at this size's real rate, just before `paced` (disk-floor.ts). */
  disk?: DiskFloorResult | null;
  dataBytes: number;
  dataFiles: Record<string, number>;
}

/** Whether a reference doing less than ours met the target in the same run (reach.ts). */
export interface TargetReach {
  reachable: boolean;
  /** What the reference measured, e.g. "the durable ceiling itself reached 0.58". */
  reference: string;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
  /** Absent where no reference was measured, or none applies (memory, errors, the stream). */
  reach?: TargetReach;
}

export interface BenchConfig {
  quick: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  connectionModes: ConnectionMode[];
  sizes: number[];
  channels: number;
  burst: number;
  burstSockets: number;
  /** Where our server's CPU and heap profiles go, when asked for (--profile). */
  profileDir?: string;
  /** Hours of traffic history in the state-at-scale step; 0 = the step is skipped. */
  stateHistoryHours?: number;
  /** Families measured after the sizes and the burst, on the same server (empty: none). */
  families: BenchFamily[];
  /** Rooms, groups or calls set up per family. */
  familySize: number;
  /** Whether the dashboard stream was measured, and for how long after its warm-up. */
  stream: boolean;
  streamSeconds: number;
  streamWarmupSeconds: number;
  /** Seconds of each run at the real rate (paced-step.ts); 0 or absent = not measured. */
  pacedSeconds?: number;
}

/** One family's most frequent action, measured like USER_PLAYING, on the same server after the sizes and the burst. */
export interface FamilyResult {
  family: BenchFamily;
  action: ActionName;
  /** Rooms, groups or calls set up and cycled through. */
  items: number;
  /** Viewer sessions the state held meanwhile (the largest size measured, plus the burst's). */
  sessionsInState: number;
  fill: FillCounts & { elapsedMs: number };
  loads: ModeLoads;
  ratioToCeiling: Partial<Record<ConnectionMode, number>>;
  rssBytesAfter: number | null;
  /**
   * How much the server's own counter for the family grew over the loads, warm-ups included
   * (rooms' joins asked, groups' hand-overs, calls' minutes; admin API), against the requests
   * sent: every "1" was counted work, not a skipped retry. Null when it could not be read.
   */
  countedByServer: number | null;
  sent: number;
}

/** Messages and bytes of one SSE event name (decoded). */
export interface StreamEventTally {
  messages: number;
  bytes: number;
}

/** What one dashboard tab on the channels view receives from /api/stream at the demo's rate. */
export interface StreamResult {
  /** The server command run (the demo, with its own simulated studio). */
  command: string;
  path: string;
  acceptEncoding: string;
  contentEncoding: string | null;
  warmupSeconds: number;
  measuredSeconds: number;
  /** The snapshot the stream starts with (decoded bytes), not part of the minute. */
  snapshotBytes: number;
  /** Body bytes as received (compressed when the server compressed), and decoded. */
  wireBytes: number;
  decodedBytes: number;
  wireBytesPerMinute: number;
  decodedBytesPerMinute: number;
  /** Decoded, per event name, in the measured window. */
  byEvent: Record<string, StreamEventTally>;
  /** From the window's last summary message: the studio the demo played meanwhile. */
  studio: { channels: number; viewers: number; callbacksPerMinute: number } | null;
  /** The demo simulator's callbacks a second over the window (from the summaries). */
  callbacksPerSecond: number | null;
  problems: string[];
}

export interface BenchResults {
  startedAt: string;
  command: string;
  machine: {
    cpu: string;
    cores: number;
    memoryBytes: number;
    os: string;
    node: string;
    loadAverageAtStart: number;
    /** The 1-minute load average when the run ended: others' work during the run shows here. */
    loadAverageAtEnd?: number;
  };
  config: BenchConfig;
  ceiling: ModeLoads;
  /** The ceiling measured again after our loads: how much the machine drifted during the run. */
  ceilingAtEnd?: ModeLoads;
  /** Bare Koa answering once each request's record is in our journal and fdatasync'ed (ceiling-server.ts --journal). */
  durableCeiling?: ModeLoads;
  /** The burst sent to the bare ceiling and to the durable ceiling (no state behind either). */
  ceilingBurst?: BurstResult;
  durableCeilingBurst?: BurstResult;
  /** The ceiling at each size's real rate, by the size (paced-step.ts). */
  ceilingPaced?: Record<string, PacedRun>;
  sizes: SizeResult[];
  burst: (BurstResult & { sessionsBefore: number; rssBytesAfter: number | null }) | null;
  families: FamilyResult[];
  stream: StreamResult | null;
  /** Our server started on N sessions and a day of history: memory, a snapshot's block, restart (state-at-scale.ts). */
  stateAtScale?: StateAtScaleResult | null;
  targets: TargetCheck[];
  problems: string[];
}

export const MODE_LABEL: Record<ConnectionMode, string> = { keepalive: 'keep-alive', fresh: 'fresh' };

export const mb = (bytes: number | null): string => (bytes === null ? '-' : (bytes / 1_000_000).toFixed(1));
export const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
export const n = (value: number): string => value.toLocaleString('en-US');
export const kb = (bytes: number): string => (bytes / 1000).toFixed(1);
/** Milliseconds shown as seconds with two decimals (a burst's time). */
export const seconds = (milliseconds: number): string => (milliseconds / 1000).toFixed(2);
/** A rate: a small one keeps its tenths (100 viewers send 1.7 reports a second). */
export const perSecond = (value: number): string => (value < 10 ? value.toFixed(1) : n(Math.round(value)));
/** A process's CPU over a run, in cores; `?` where it could not be read. */
export const coresUsed = (value: number | null): string => (value === null ? '?' : value.toFixed(2));
