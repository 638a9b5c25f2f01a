// The desktop app itself, driven through Playwright's Electron support. Needs a real Electron
// binary: set ELECTRON_PATH (and a display, e.g. `xvfb-run`). Skipped, with the reason, otherwise.
import { _electron as electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain } from '../../electron/build.mjs';
import { startApp } from '../../server/main/app';

const root = join(import.meta.dirname, '..', '..');
const electronPath = process.env.ELECTRON_PATH;
if (!electronPath) {
  console.log('test/electron skipped: ELECTRON_PATH is not set (point it at an Electron 45 binary to run the desktop tests)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function sendCreate(callbackPort: number, channelId: string): Promise<{ status: string }> {
  const data = JSON.stringify({
    ts: String(Math.floor(Date.now() / 1000)),
    action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC',
    userId: '577175',
    roomId: 'a4aDXK2lEWucjFTB',
    channelId,
    conCurrentNumber: '10',
    extra: 'desk test',
  });
  const response = await fetch(`http://127.0.0.1:${callbackPort}/aec/eventCenter`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ data }).toString(),
  });
  return (await response.json()) as { status: string };
}

describe.skipIf(!electronPath)('desktop app (Electron)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aec-desktop-'));
  const adminToken = 'desktop-test-token';
  let callbackPort = 0;
  let app: ElectronApplication;
  let page: Page;

  function launchEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    return env;
  }
  function launchArgs(): string[] {
    return [
      // Chromium refuses to run as root with its sandbox (CI containers run as root).
      ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      root,
      '--data-dir', dataDir,
      '--callback-host', '127.0.0.1',
      '--callback-port', String(callbackPort),
      '--admin-token', adminToken,
    ];
  }
  function launch(): Promise<ElectronApplication> {
    return electron.launch({ executablePath: electronPath, args: launchArgs(), env: launchEnv() });
  }

  beforeAll(async () => {
    await buildMain({ projectRoot: root });
    callbackPort = await freePort();
    app = await launch();
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the dashboard from the loopback admin listener in a locked-down window', async () => {
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(await page.title()).not.toBe('');
    // No Node and no Electron in the page.
    expect(await page.evaluate(() => [typeof (globalThis as Record<string, unknown>).require, typeof (globalThis as Record<string, unknown>).process])).toEqual(['undefined', 'undefined']);
  });

  it('keeps the window on the dashboard when the page tries to leave it', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'file:///etc/hostname';
    });
    await page.waitForLoadState();
    expect(page.url()).toBe(before);
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    await page.evaluate(() => {
      (globalThis as unknown as { open(url: string): unknown }).open('file:///etc/hostname');
    });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(windows);
  });

  it('hides to the tray on close and keeps answering the media server', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    const state = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
    expect(state[0]).toEqual({ visible: false, destroyed: false });
    const health = await fetch(`http://127.0.0.1:${callbackPort}/healthz`);
    expect(health.status).toBe(200);
    expect((await sendCreate(callbackPort, 'Wz@NWuVjDesk0001')).status).toBe('1');
  });

  it('brings the hidden window back when launched a second time', async () => {
    // The second instance hands over to the first and exits at once.
    const second = spawn(electronPath ?? '', launchArgs(), { env: launchEnv(), stdio: 'ignore' });
    expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(0);
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
  });

  it('quits cleanly and keeps what the media server was told', async () => {
    expect((await sendCreate(callbackPort, 'Wz@NWuVjDesk0002')).status).toBe('1');
    const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
    await app.evaluate(({ app: electronApp }) => { electronApp.quit(); }).catch(() => undefined);
    expect(await exited).toBe(0);
    const again = await startApp({ dataDir, callbackHost: '127.0.0.1', callbackPort: 0, adminHost: '127.0.0.1', adminPort: 0, log: () => undefined });
    try {
      const response = await fetch(new URL('api/channels', again.adminUrl), { headers: { Authorization: `Bearer ${again.adminToken}` } });
      const ids = ((await response.json()) as { id: string }[]).map((channel) => channel.id);
      expect(ids).toEqual(expect.arrayContaining(['Wz@NWuVjDesk0001', 'Wz@NWuVjDesk0002']));
    } finally {
      await again.stop();
    }
  });
});
