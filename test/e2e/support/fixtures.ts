// Each test gets its own real server on a throw-away data folder, an AEC client aimed at it,
// and a page signed in through the dashboard URL the server printed.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { AecClient } from '../../support/aec-client';
import { serveArgs, startServe, stopServe, type ServeProcess } from '../../support/serve-process';

/** A running server, and the ports to start it again "in place" for the page. */
export interface Monitor {
  callbackUrl: string;
  adminUrl: string;
  dashboardUrl: string;
  adminPort: number;
  callbackPort: number;
  output: () => string;
  stop: () => Promise<void>;
}

async function startMonitor(options: { dataDir: string; adminToken: string; adminPort?: number; callbackPort?: number }): Promise<Monitor> {
  const server: ServeProcess = await startServe(
    serveArgs(options.dataDir, ['--callback-port', String(options.callbackPort ?? 0), '--admin-port', String(options.adminPort ?? 0)], options.adminToken),
  );
  return {
    callbackUrl: server.callbackUrl,
    adminUrl: new URL(server.adminUrl).origin,
    dashboardUrl: server.dashboardUrl,
    adminPort: Number(new URL(server.adminUrl).port),
    callbackPort: Number(new URL(server.callbackUrl).port),
    output: server.output,
    stop: async () => {
      await stopServe(server);
    },
  };
}

export interface MonitorControl {
  current: Monitor;
  dataDir: string;
  token: string;
  /** Stops the server and starts it again on the same folder and admin port. */
  restart(): Promise<Monitor>;
  stop(): Promise<void>;
  start(): Promise<Monitor>;
}

export const test = base.extend<{ monitor: MonitorControl; aec: AecClient }>({
  monitor: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'aec-e2e-'));
    const token = randomBytes(16).toString('hex');
    let current = await startMonitor({ dataDir, adminToken: token });
    let running = true;
    const control: MonitorControl = {
      get current() {
        return current;
      },
      dataDir,
      token,
      async stop() {
        if (running) await current.stop();
        running = false;
      },
      async start() {
        current = await startMonitor({ dataDir, adminToken: token, adminPort: current.adminPort, callbackPort: current.callbackPort });
        running = true;
        return current;
      },
      async restart() {
        await control.stop();
        return control.start();
      },
    };
    await use(control);
    await control.stop();
    await rm(dataDir, { recursive: true, force: true });
  },
  aec: async ({ monitor }, use) => {
    await use(new AecClient(() => monitor.current.callbackUrl));
  },
});

export { expect };

/** Opens the dashboard the way an operator does: the printed URL with its token. */
export async function openDashboard(page: Page, monitor: MonitorControl): Promise<void> {
  await page.goto(monitor.current.dashboardUrl);
  await expect(page.getByTestId('stream-state')).toHaveText('live');
}

export function channelRow(page: Page, channelId: string) {
  return page.getByTestId(`channel-row-${channelId}`);
}

export const screenshotDir = join(process.cwd(), 'test/e2e/screenshots');

/**
 * The open dialog, once it has stopped moving. naive-ui scales a dialog in; a click aimed while
 * it still grows can land beside its button (a CI trace showed "End call" clicked on the smaller
 * dialog, and nothing happened).
 */
export async function settledDialog(page: Page): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => {
      const target = animation.effect instanceof KeyframeEffect ? animation.effect.target : null;
      return !(target instanceof Element && target.closest('.n-modal-container') !== null);
    }),
  );
  return dialog;
}
