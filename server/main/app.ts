// Starts the core: open the data folder and the monitor, start the callback listener, start the
// admin listener, print where everything is, and hand back a way to stop in order. Used by the
// CLI and the Electron shell.

import { join } from 'node:path';
import type { SimulatorControl } from '../http/admin/services';
import { startWebhookAlerts, type WebhookAlerts } from '../alerts/webhook-alerts';
import { startBackups, type Backups } from '../backup/backup-schedule';
import { startHousekeeping, type Housekeeping } from '../core/housekeeping';
import type { JournalIo } from '../store';
import type { AdminListener } from './admin-listener';
import { startAdminListener } from './admin-listener';
import type { AppOptions, RunningApp } from './app-options';
import type { CallbackListener } from './callback-listener';
import { startCallbackListener } from './callback-listener';
import { steadyClock } from './clock';
import { startForwardMode, type ForwardMode } from './forward-mode';
import { closeServer } from './listen';
import { openCore, type Cleanup, type Core } from './open-core';

export interface StartExtras {
  /** The demo and the dashboard's first-run screen drive the simulator through this. */
  simulator?: (callbackUrl: string) => SimulatorControl;
  /** Folder of the built renderer; defaults to dist/renderer beside the sources. */
  rendererDir?: string;
  now?: () => number;
  /** For fault tests: replaces the journal's write / fdatasync / truncate. */
  journalIo?: JournalIo;
}

export async function startApp(options: AppOptions, extras: StartExtras = {}): Promise<RunningApp> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = extras.now ?? wallClock(log);
  const cleanup: Cleanup = [];
  try {
    const core = await openCore(options, { now, log, ...(extras.journalIo ? { journalIo: extras.journalIo } : {}) }, cleanup);
    const forward = startForwardMode(core, cleanup);
    const callback = await startCallbackListener(core, forward, cleanup);
    const alerts = startWebhookAlerts(core);
    cleanup.push(() => alerts.stop());
    const backups = startBackups({ dataDir: core.dataDir, settings: core.settings, now, log });
    cleanup.push(() => backups.stop());
    let simulator: SimulatorControl | undefined;
    const admin = await startAdminListener(
      core,
      callback,
      { rendererDir: extras.rendererDir ?? join(import.meta.dirname, '..', '..', 'dist', 'renderer'), simulator: () => simulator, webhooks: alerts, backups, upstream: forward.health },
      cleanup,
    );
    if (extras.simulator) simulator = extras.simulator(callback.url);
    const housekeeping = startHousekeeping(core, core.replayed > 0);
    cleanup.push(() => housekeeping.stop());
    if (core.replayed > 0) await housekeeping.snapshot();
    const dashboardUrl = `${admin.url}?token=${encodeURIComponent(core.adminToken)}`;
    printBanner(core, callback, dashboardUrl);
    return runningApp(core, callback, admin, dashboardUrl, stopPlan(core, callback, admin, { housekeeping, alerts, backups, forward }, () => simulator));
  } catch (error) {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => undefined);
    throw error;
  }
}

/** Time that never runs backwards: a system clock set back or forward is absorbed and reported. */
function wallClock(log: (line: string) => void): () => number {
  return steadyClock({
    wall: Date.now,
    monotonic: () => performance.now(),
    onJump: (delta) =>
      log(`WARNING: the system clock jumped ${Math.round(delta / 1000)} s; session ages and traffic buckets keep the steady time until restart`),
  });
}

function printBanner(core: Core, callback: CallbackListener, dashboardUrl: string): void {
  const { callbackHost } = core.settings.view();
  const port = new URL(callback.url).port;
  core.log(`AEC callback listener  ${callback.url}  (bound to ${callbackHost}:${port})`);
  core.log(`Dashboard              ${dashboardUrl}`);
  core.log("Paste into the media server's starrtc.conf, then restart it:");
  for (const line of callback.aecurlLines) core.log(`  ${line}`);
  core.log(`Data folder            ${core.dataDir}`);
  const { upstreamAec } = core.settings.view();
  if (upstreamAec) core.log(`Forward mode           every callback goes first to the eventCenter at ${upstreamAec}`);
}

/**
 * Stop in the order that loses nothing: no new callbacks, let those inside finish their journal
 * write, snapshot, then flush the audit log and release the data folder whatever failed before.
 */
function stopPlan(
  core: Core,
  callback: CallbackListener,
  admin: AdminListener,
  parts: { housekeeping: Housekeeping; alerts: WebhookAlerts; backups: Backups; forward: ForwardMode },
  simulator: () => SimulatorControl | undefined,
): () => Promise<void> {
  const { housekeeping, alerts, backups, forward } = parts;
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      try {
        await simulator()?.stop().catch((error: Error) => core.log(`WARNING: simulator did not stop cleanly: ${error.message}`));
        housekeeping.stop();
        admin.hub.stop();
        await Promise.all([closeServer(callback.server), closeServer(admin.server)]);
        await core.monitor.drained(5000);
        await forward.stop();
        core.monitor.stop();
        await housekeeping.snapshot();
        // A backup in progress reads the data folder: let it finish before the folder is released.
        await backups.stop();
      } finally {
        try {
          // Before the audit log closes: alerts still undelivered are recorded there as failed.
          await alerts.stop();
          await core.audit.close();
        } finally {
          await core.store.close();
        }
      }
    })());
}

function runningApp(core: Core, callback: CallbackListener, admin: AdminListener, dashboardUrl: string, stop: () => Promise<void>): RunningApp {
  return {
    callbackUrl: callback.url,
    adminUrl: admin.url,
    dashboardUrl,
    adminToken: core.adminToken,
    dataDir: core.dataDir,
    aecurlLines: callback.aecurlLines,
    summary: admin.summary,
    settings: () => core.settings.view(),
    onNotice: (listener) => core.onNotice(listener),
    stop,
  };
}
