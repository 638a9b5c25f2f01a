import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { AppOptions, Notice, RunningApp } from './app-options';
import type { SettingsView, SimulatorStatus } from '../contract/api';
import { AuditLog, openDataStore, type DataStore, type JournalIo } from '../store';
import { Monitor } from '../core/monitor';
import { LiveSettings } from '../settings/live-settings';
import { defaultSettings, loadSettingsFile, newAdminToken, saveSettingsFile } from '../settings/settings-file';
import { isSnapshotData, restoreState, type SnapshotData } from '../core/restore';
import { createCallbackApp } from '../http/callback/app';
import { createAdminApp } from '../http/admin/app';
import { StreamHub } from '../http/admin/stream-hub';
import { allowedHosts } from '../http/admin/guard';
import type { SimulatorControl } from '../http/admin/services';
import { toBanRows, toChannelRow } from '../http/admin/views';
import { buildSummary } from '../core/summary';
import { CallbackMetrics } from '../core/metrics';
import { callLiveProxy } from '../core/live-proxy';
import { aecurlLines, lanAddresses, localUrl } from './lan';
import { closeServer, listen } from './listen';
import { limitConnections } from '../http/callback/connection-limit';
import { displayState } from '../domain';
import { definedFields } from '../domain/defined';
import { startHousekeeping } from '../core/housekeeping';
import { steadyClock } from './clock';

const here = dirname(fileURLToPath(import.meta.url));

export interface StartExtras {
  /** The demo and the dashboard's first-run screen drive the simulator through this. */
  simulator?: (callbackUrl: string) => SimulatorControl;
  /** Folder of the built renderer; defaults to dist/renderer beside the sources. */
  rendererDir?: string;
  now?: () => number;
  /** For fault tests: replaces the journal's write / fdatasync / truncate. */
  journalIo?: JournalIo;
}

function packageVersion(): string {
  for (const candidate of [join(here, '..', 'package.json'), join(here, '..', '..', 'package.json')]) {
    try {
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (sources vs bundle)
    }
  }
  return '0.0.0';
}

/** Starts the core: data folder, both listeners, timers. Used by the CLI and the Electron shell. */
export async function startApp(options: AppOptions, extras: StartExtras = {}): Promise<RunningApp> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now =
    extras.now ??
    steadyClock({
      wall: Date.now,
      monotonic: () => performance.now(),
      onJump: (delta) =>
        log(`WARNING: the system clock jumped ${Math.round(delta / 1000)} s; session ages and traffic buckets keep the steady time until restart`),
    });
  const dataDir = options.dataDir;
  await mkdir(dataDir, { recursive: true });

  const store: DataStore<SnapshotData> = await openDataStore<SnapshotData>(dataDir, {
    validate: isSnapshotData,
    ...(extras.journalIo ? { journalIo: extras.journalIo } : {}),
  });
  const cleanup: (() => Promise<void> | void)[] = [() => store.close()];
  try {
    return await startWithStore(options, extras, store, cleanup, now, log);
  } catch (error) {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => undefined);
    throw error;
  }
}

async function startWithStore(
  options: AppOptions,
  extras: StartExtras,
  store: DataStore<SnapshotData>,
  cleanup: (() => Promise<void> | void)[],
  now: () => number,
  log: (line: string) => void,
): Promise<RunningApp> {
  const dataDir = options.dataDir;
  const loaded = await loadSettingsFile(dataDir);
  const file = loaded.file;
  if (!file.adminToken) {
    file.adminToken = newAdminToken();
    await saveSettingsFile(dataDir, file);
  }
  let adminToken = options.adminToken ?? file.adminToken;
  const { adminToken: _saved, ...fileSettings } = file;
  const effective: SettingsView = {
    ...defaultSettings,
    ...fileSettings,
    ...definedFields({
      callbackHost: options.callbackHost,
      callbackPort: options.callbackPort,
      adminHost: options.adminHost,
      adminPort: options.adminPort,
      guardToken: options.guardToken,
      allowFrom: options.allowFrom,
    }),
  };
  const settings = new LiveSettings(dataDir, effective, file);

  const { state, history, replayed } = restoreState(store);
  const audit = await AuditLog.open(dataDir, {
    retentionDays: effective.auditRetentionDays,
    maxBytes: effective.auditMaxMegabytes * 1024 * 1024,
  });
  cleanup.push(() => audit.close());
  settings.onChange((view) => {
    audit.retentionDays = view.auditRetentionDays;
    audit.maxBytes = view.auditMaxMegabytes * 1024 * 1024;
  });
  const problems = [...store.problems.map((p) => p.message), ...(loaded.problem ? [loaded.problem] : [])];
  for (const problem of problems) log(`WARNING: ${problem}`);

  const monitor = new Monitor(state, store, [history], () => settings.decisionSettings(), () =>
    settings.refuseWhileStorageFails && store.health().lastError !== null,
  );
  const noticeListeners = new Set<(notice: Notice) => void>();
  monitor.on('notice', (notice) => {
    for (const listener of noticeListeners) listener(notice);
  });
  store.onProblem((problem) => {
    monitor.emit('notice', { kind: 'storeError', message: problem.message });
    audit.record({
      at: problem.at,
      action: 'store:problem',
      channelId: null,
      userId: null,
      decision: 'error',
      code: null,
      reason: problem.message,
      latencyMs: 0,
      raw: null,
      remote: null,
    });
  });

  const metrics = new CallbackMetrics({
    viewers: () => [...state.sessions.values()].reduce((n, m) => n + m.size, 0),
    uploaders: () => [...state.uploaders.values()].reduce((n, m) => n + m.size, 0),
    liveChannels: () => [...state.channels.values()].filter((c) => displayState(state, c) === 'live').length,
  });
  const callbackApp = createCallbackApp({
    monitor,
    allowList: () => settings.allowList(),
    maxBodyBytes: effective.maxBodyBytes,
    audit,
    guardToken: () => settings.guardToken,
    metrics: () => metrics.text(),
    onHandled: (action, allowed, latency) => metrics.handled(action, allowed, latency),
    now,
  });
  settings.allowList(); // a bad --allow-from stops the start here, with its reason
  const callback = await listen(callbackApp, effective.callbackHost, effective.callbackPort, '--callback-port');
  limitConnections(callback.server, effective.maxConnectionsPerClient);
  const servers: Server[] = [callback.server];
  cleanup.push(() => closeServer(callback.server));
  const callbackUrl = localUrl(effective.callbackHost, callback.port);
  const aecurl = aecurlLines(effective.callbackHost, callback.port);

  let simulator: SimulatorControl | undefined;
  const simulatorStatus = (): SimulatorStatus =>
    simulator?.status() ?? { available: false, running: false, sent: 0, allowed: 0, denied: 0, errors: 0 };
  const startedAt = now();
  const summary = () =>
    buildSummary(
      {
        version: packageVersion(),
        startedAt,
        callbackUrl,
        aecurlLines: aecurl,
        dataDir,
        state,
        stats: monitor.stats,
        history,
        store: () => store.health(),
        simulator: simulatorStatus,
      },
      now(),
    );
  const hub = new StreamHub({
    rows: (ids) => {
      const at = now();
      return [...ids].flatMap((id) => {
        const channel = state.channels.get(id);
        return channel ? [toChannelRow(state, channel, history, at)] : [];
      });
    },
    allRows: () => [...state.channels.values()].map((channel) => toChannelRow(state, channel, history, now())),
    summary,
    bans: () => toBanRows(state, now()),
  });
  monitor.on('channels', (ids) => hub.channelsChanged(ids));
  monitor.on('bans', () => hub.bansUpdated());
  audit.subscribe((entry) => hub.auditAdded(entry));

  let adminPort = effective.adminPort;
  let adminHosts: Set<string> | undefined; // computed once the port is known
  const adminApp = createAdminApp(
    {
      monitor,
      history,
      audit,
      hub,
      settings,
      summary,
      adminToken: () => adminToken,
      rotateAdminToken: async () => {
        const fresh = newAdminToken();
        await settings.saveAdminToken(fresh);
        adminToken = fresh;
        hub.disconnectAll();
        return { dashboardUrl: `${localUrl(effective.adminHost, adminPort)}?token=${encodeURIComponent(fresh)}` };
      },
      liveProxy: (verb, channelId) => callLiveProxy(settings.view().liveProxyServer, verb, channelId),
      get simulator() {
        return simulator;
      },
      rendererDir: extras.rendererDir ?? join(here, '..', '..', 'dist', 'renderer'),
      now,
    },
    { hosts: () => (adminHosts ??= allowedHosts(effective.adminHost, adminPort, lanAddresses())) },
  );
  const admin = await listen(adminApp, effective.adminHost, effective.adminPort, '--admin-port');
  adminPort = admin.port;
  servers.push(admin.server);
  cleanup.push(() => closeServer(admin.server));
  hub.start();
  cleanup.push(() => hub.stop());
  if (extras.simulator) simulator = extras.simulator(callbackUrl);

  const adminUrl = localUrl(effective.adminHost, admin.port);
  const dashboardUrl = `${adminUrl}?token=${encodeURIComponent(adminToken)}`;
  const housekeeping = startHousekeeping({ monitor, store, history, audit, settings, now, log }, replayed > 0);
  cleanup.push(() => housekeeping.stop());
  if (replayed > 0) await housekeeping.snapshot();

  log(`AEC callback listener  ${callbackUrl}  (bound to ${effective.callbackHost}:${callback.port})`);
  log(`Dashboard              ${dashboardUrl}`);
  log('Paste into the media server\'s starrtc.conf, then restart it:');
  for (const line of aecurl) log(`  ${line}`);
  log(`Data folder            ${dataDir}`);

  let stopping: Promise<void> | undefined;
  return {
    callbackUrl,
    adminUrl,
    dashboardUrl,
    adminToken,
    dataDir,
    aecurlLines: aecurl,
    summary,
    settings: () => settings.view(),
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    stop() {
      stopping ??= (async () => {
        try {
          await simulator?.stop().catch((error: Error) => log(`WARNING: simulator did not stop cleanly: ${error.message}`));
          housekeeping.stop();
          hub.stop();
          await Promise.all(servers.map((server) => closeServer(server)));
          // Callbacks already inside the monitor still get their journal write and audit entry.
          await monitor.drained(5000);
          monitor.stop();
          await housekeeping.snapshot();
        } finally {
          // Whatever failed above, the journal is flushed and the data folder released.
          try {
            await audit.close();
          } finally {
            await store.close();
          }
        }
      })();
      return stopping;
    },
  };
}
