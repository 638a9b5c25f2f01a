// Step one of a start: the data folder, the settings, the restored state, the audit log and the
// monitor that decides callbacks. Nothing listens yet.

import { mkdir } from 'node:fs/promises';
import type { Notice } from '../contract';
import { SYSTEM_AUDIT_ACTIONS } from '../contract';
import { systemEntry } from '../core/audit-entry';
import { ChannelTrafficMetrics } from '../core/channel-traffic-metrics';
import { CallbackMetrics } from '../core/metrics';
import { Monitor } from '../core/monitor';
import { restoreState } from '../core/restore';
import { collectStartGarbage } from '../core/start-garbage';
import { displayState, type State } from '../domain';
import { effectiveSettings } from '../settings/effective';
import { LiveSettings } from '../settings/live-settings';
import { loadSettingsFile, newAdminToken, saveSettingsFile } from '../settings/settings-file';
import { AuditLog, SnapshotCaptures, isSnapshotData, keepUnreadable, openDataStore, STATE_FILE, type DataStore, type JournalIo, type SnapshotData, type TrafficHistory, type CallHistory } from '../store';
import type { AppOptions } from './app-options';

export interface Core {
  dataDir: string;
  store: DataStore<SnapshotData>;
  settings: LiveSettings;
  state: State;
  history: TrafficHistory;
  callHistory: CallHistory;
  /** Snapshots being written over several ticks see each change before it is applied. */
  snapshotCaptures: SnapshotCaptures;
  audit: AuditLog;
  monitor: Monitor;
  metrics: CallbackMetrics;
  /** The admin token in effect; replaced when the operator rotates it. */
  adminToken: string;
  /** Journal records replayed on start (a snapshot is due when there were any). */
  replayed: number;
  onNotice(listener: (notice: Notice) => void): () => void;
  now: () => number;
  log: (line: string) => void;
}

/** Steps that undo a start, run in reverse order when a later step fails or the app stops. */
export type Cleanup = (() => Promise<void> | void)[];

export async function openCore(
  options: AppOptions,
  io: { now: () => number; log: (line: string) => void; journalIo?: JournalIo },
  cleanup: Cleanup,
): Promise<Core> {
  const { now, log } = io;
  const dataDir = options.dataDir;
  await mkdir(dataDir, { recursive: true });
  const store = await openDataStore<SnapshotData>(dataDir, {
    validate: isSnapshotData,
    ...(io.journalIo ? { journalIo: io.journalIo } : {}),
  });
  cleanup.push(() => store.close());

  const loaded = await loadSettingsFile(dataDir);
  if (!loaded.file.adminToken) {
    loaded.file.adminToken = newAdminToken();
    await saveSettingsFile(dataDir, loaded.file);
  }
  const { view, sources } = effectiveSettings(loaded.file, options);
  const settings = new LiveSettings(dataDir, view, loaded.file, sources);
  settings.allowList(); // a bad --allow-from stops the start here, with its reason

  const audit = await AuditLog.open(dataDir, { retentionDays: view.auditRetentionDays, maxBytes: view.auditMaxMegabytes * 1024 * 1024 });
  cleanup.push(() => audit.close());
  // Restored after the last wait before the callback listener binds: the traffic history loads
  // a few milliseconds each turn of the event loop from here on, and turns spent waiting for the
  // audit log's files would have spent those milliseconds before /healthz.
  const { state, history, calls: callHistory, replayed } = restoreState(store);
  void history.whenLoaded().then(() => {
    releaseStartGarbage(log);
    return keepUnreadableHistory(store, history, now, log);
  });
  // Read on every viewer report: kept as a number, not a settings copy per event.
  let channelLabels = view.metricsChannelLabels;
  settings.onChange((changed) => {
    audit.retentionDays = changed.auditRetentionDays;
    audit.maxBytes = changed.auditMaxMegabytes * 1024 * 1024;
    channelLabels = changed.metricsChannelLabels;
  });
  for (const problem of [...store.problems.map((p) => p.message), ...(loaded.problem ? [loaded.problem] : [])]) log(`WARNING: ${problem}`);

  const traffic = new ChannelTrafficMetrics({ typeOf: (id) => state.channels.get(id)?.type ?? 'unknown', labelLimit: () => channelLabels, now });
  const snapshotCaptures = new SnapshotCaptures();
  const monitor = new Monitor(state, store, [snapshotCaptures, history, callHistory, traffic], () => settings.decisionSettings(), () =>
    settings.refuseWhileStorageFails && store.health().lastError !== null,
  );
  const noticeListeners = new Set<(notice: Notice) => void>();
  monitor.on('notice', (notice) => {
    for (const listener of noticeListeners) listener(notice);
  });
  store.onProblem((problem) => {
    monitor.emit('notice', { kind: 'storeError', message: problem.message });
    audit.record(systemEntry({ at: problem.at, action: SYSTEM_AUDIT_ACTIONS.storeProblem, decision: 'error', reason: problem.message }));
  });

  const metrics = callbackMetrics(state, monitor, settings, store, traffic, now);
  store.onActivity((activity) => metrics.storeActivity(activity));

  return {
    dataDir,
    store,
    settings,
    state,
    history,
    callHistory,
    snapshotCaptures,
    audit,
    monitor,
    metrics,
    adminToken: options.adminToken ?? loaded.file.adminToken,
    replayed,
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    now,
    log,
  };
}

/** /metrics: its gauges read the live state at each scrape. */
function callbackMetrics(
  state: State,
  monitor: Monitor,
  settings: LiveSettings,
  store: DataStore<SnapshotData>,
  traffic: ChannelTrafficMetrics,
  now: () => number,
): CallbackMetrics {
  return new CallbackMetrics(
    {
      viewers: () => [...state.sessions.values()].reduce((n, m) => n + m.size, 0),
      uploaders: () => [...state.uploaders.values()].reduce((n, m) => n + m.size, 0),
      liveChannels: () => [...state.channels.values()].filter((c) => displayState(state, c) === 'live').length,
      activeCalls: () => state.activeCalls.size,
      chatRooms: () => [...state.chatRooms.values()].filter((room) => room.deletedAt === undefined).length,
      answeredBeforeDurable: () => monitor.stats.beforeDurable.count,
      answerBudgetMs: () => settings.answerBudgetMs,
      storeFailing: () => store.health().lastError !== null,
      storeProblemsAtStart: store.problems.length,
      now,
    },
    traffic,
  );
}

/** Once the history has loaded, what the snapshot's parse made is garbage: let it go now. */
function releaseStartGarbage(log: (line: string) => void): void {
  const collection = collectStartGarbage();
  if (collection === null) return;
  const released = collection.heapUsedBefore - collection.heapUsedAfter;
  // Worth a line only after a big data folder; a small one leaves a few MB.
  if (released >= 20_000_000) log(`Start: ${Math.round(released / 1_000_000)} MB left over from reading the snapshot released (${Math.round(collection.ms)} ms)`);
}

/**
 * A snapshot's history is parsed after start: text found damaged then cannot send the start back
 * to the older snapshot. What loaded is kept, and the text is kept beside, for support.
 */
async function keepUnreadableHistory(store: DataStore<SnapshotData>, history: TrafficHistory, now: () => number, log: (line: string) => void): Promise<void> {
  const unreadable = history.unreadable;
  if (!unreadable) return;
  history.unreadable = null;
  let message = `The traffic history in ${STATE_FILE} could not all be read (${unreadable.reason}); charts and rankings miss what it held past that point.`;
  try {
    message += ` Its text was kept as ${await keepUnreadable(store.dir, 'history', unreadable.text.bytes, now())}.`;
  } catch (error) {
    message += ` Keeping its text failed (${error instanceof Error ? error.message : String(error)}).`;
  }
  log(`WARNING: ${message}`);
  store.reportProblem(message);
}
