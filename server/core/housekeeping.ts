import type { Monitor } from './monitor';
import type { AuditLog, CallHistory, DataStore, SnapshotCaptures, SnapshotData, TrafficHistory } from '../store';
import type { LiveSettings } from '../settings/live-settings';
import { measureLoopBlock } from './loop-block';

const SWEEP_MS = 5_000;
const SNAPSHOT_MS = 60_000;
const PRUNE_MS = 60 * 60_000;

export interface HousekeepingDeps {
  monitor: Monitor;
  store: DataStore<SnapshotData>;
  history: TrafficHistory;
  callHistory: CallHistory;
  snapshotCaptures: SnapshotCaptures;
  audit: AuditLog;
  settings: LiveSettings;
  /** Told how long each snapshot held the event loop at most. */
  metrics: { snapshotBlocked(seconds: number): void };
  now: () => number;
  log: (line: string) => void;
}

export interface Housekeeping {
  /** Writes a snapshot now; resolves when it is on disk (a failure is logged, not thrown). */
  snapshot(): Promise<void>;
  stop(): void;
}

/**
 * The periodic work around the live core: age out silent sessions and notice a silent media
 * server (every 5 s), snapshot when something changed (every minute), apply retention (hourly).
 */
export function startHousekeeping(deps: HousekeepingDeps, changedAtStart: boolean): Housekeeping {
  const { monitor, store, history, callHistory, snapshotCaptures, audit, settings, metrics, now, log } = deps;
  let changedSinceSnapshot = changedAtStart;
  const changed = (): void => {
    changedSinceSnapshot = true;
  };
  monitor.on('changed', changed);
  let snapshotting: Promise<void> = Promise.resolve();
  const snapshot = (): Promise<void> => {
    // Captured in one tick with the last applied change (the snapshot's seq matches its data),
    // written over many: changes meanwhile are kept out of it by the capture.
    snapshotting = snapshotting.then(async () => {
      changedSinceSnapshot = false;
      // A history read at start loads after it; finishing it here would hold the event loop.
      await history.whenLoaded();
      const save = (): Promise<void> => store.saveSnapshotText(() => snapshotCaptures.capture(monitor.state, history, callHistory));
      const { blockSeconds } = await measureLoopBlock(save);
      metrics.snapshotBlocked(blockSeconds);
    }).catch((error: Error) => {
      changedSinceSnapshot = true;
      log(`WARNING: snapshot failed: ${error.message}`);
    });
    return snapshotting;
  };
  const prune = (): void => {
    const view = settings.view();
    history.prune(now(), { minuteHours: 48, hourDays: view.historyRetentionDays, userDays: view.historyRetentionDays });
    callHistory.prune(now(), view.historyRetentionDays);
    audit.prune(now()).catch((error: Error) => log(`WARNING: audit retention failed: ${error.message}`));
  };
  let silentNoticeSent = false;
  const timers = [
    setInterval(() => {
      void monitor.sweep(now());
      const last = monitor.stats.lastCallbackAt;
      const silentFor = last === null ? 0 : now() - last;
      if (silentFor > settings.decisionSettings().graceSeconds * 1000) {
        if (!silentNoticeSent) monitor.emit('notice', { kind: 'mediaServerSilent', silentForMs: silentFor });
        silentNoticeSent = true;
      } else {
        silentNoticeSent = false;
      }
    }, SWEEP_MS),
    setInterval(() => {
      if (changedSinceSnapshot) void snapshot();
    }, SNAPSHOT_MS),
    setInterval(prune, PRUNE_MS),
  ];
  for (const timer of timers) timer.unref();
  prune();
  return {
    snapshot,
    stop: () => timers.forEach((timer) => clearInterval(timer)),
  };
}
