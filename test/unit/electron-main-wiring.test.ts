// Runs the real bundled main process (electron/main.ts + the real core) under plain Node with
// test/electron/fake-electron.mjs standing in for Electron's API, to check the wiring: options
// given to the core, the window and its guards, tray, notifications, close-to-tray and quit,
// keeping the computer awake while a media server calls, and following a server on the LAN.
// Chromium's own behaviour is covered by test/electron/desktop.test.ts where Electron exists.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain } from '../../electron/build.mjs';
import { startApp } from '../../server/main/app';
import type { RunningApp } from '../../server/main/app-options';
import { KEEPING_AWAKE_LINE } from '../../electron/keep-awake';

const root = join(import.meta.dirname, '..', '..');
const register = join(root, 'test', 'electron', 'fake-electron-register.mjs');
type FakeEvent = { type: string } & Record<string, unknown>;

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

class Shell {
  readonly events: FakeEvent[] = [];
  readonly exit: Promise<number | null>;
  private waiters: { test: (e: FakeEvent) => boolean; resolve: (e: FakeEvent) => void }[] = [];
  private output = '';

  constructor(readonly child: ChildProcess) {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      this.output += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('FAKE ')) this.push(JSON.parse(line.slice(5)) as FakeEvent);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  private push(event: FakeEvent): void {
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }

  /** The first event (already seen or still to come) of `type` that passes `test`. */
  waitFor(type: string, test: (e: FakeEvent) => boolean = () => true): Promise<FakeEvent> {
    const match = (e: FakeEvent): boolean => e.type === type && test(e);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ test: match, resolve });
      void this.exit.then(() => reject(new Error(`exited before "${type}":\n${this.output}`)));
    });
  }

  /** Events of `type` that arrive after now. */
  next(type: string, test: (e: FakeEvent) => boolean = () => true): Promise<FakeEvent> {
    return new Promise((resolve) => this.waiters.push({ test: (e) => e.type === type && test(e), resolve }));
  }

  send(command: Record<string, unknown>): void {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
  }
}

async function aec(callbackPort: number, action: string, fields: Record<string, string>): Promise<string> {
  const data = JSON.stringify({ ts: String(Math.floor(Date.now() / 1000)), action, ...fields });
  const response = await fetch(`http://127.0.0.1:${callbackPort}/aec`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ data }).toString(),
  });
  return ((await response.json()) as { status: string }).status;
}

describe('desktop main process wiring', () => {
  // Inside the project, so the bundle finds the runtime dependencies in node_modules.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const work = mkdtempSync(join(root, 'node_modules', '.cache', 'aec-wiring-'));
  const dataDir = join(work, 'data');
  let bundle = '';
  let callbackPort = 0;
  let shell: Shell;
  let dashboardUrl = '';

  function launch(extraEnv: Record<string, string> = {}, dir = dataDir): Shell {
    const child = spawn(process.execPath, ['--import', register, bundle, '.', '--no-sandbox', '--data-dir', dir,
      '--callback-host', '127.0.0.1', '--callback-port', String(callbackPort)], {
      cwd: root,
      env: { ...process.env, FAKE_APP_DATA: join(work, 'appdata'), ...extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new Shell(child);
  }

  beforeAll(async () => {
    bundle = await buildMain({ projectRoot: root, outDir: join(work, 'dist', 'electron') });
    callbackPort = await freePort();
    shell = launch();
    dashboardUrl = String((await shell.waitFor('loadURL')).url);
  });

  afterAll(() => {
    if (shell.child.exitCode === null) shell.child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('starts the core on the data folder and opens the dashboard from loopback with a fresh token', async () => {
    expect(await shell.waitFor('setPath', (e) => e.name === 'userData')).toMatchObject({ value: dataDir });
    expect(existsSync(dataDir)).toBe(true);
    const url = new URL(dashboardUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.search.length).toBeGreaterThan(20);
    expect((await fetch(dashboardUrl)).status).toBe(200);
    // Without the token the admin listener refuses.
    expect((await fetch(new URL('/api/channels', url.origin))).status).toBe(401);
    await shell.waitFor('show');
  });

  it('opens the window with the secure preferences and no preload', async () => {
    const { options } = await shell.waitFor('window');
    expect((options as { webPreferences: Record<string, unknown> }).webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
    });
    expect((options as { webPreferences: Record<string, unknown> }).webPreferences.preload).toBeUndefined();
  });

  it('guards navigation, new windows and permissions', async () => {
    const origin = new URL(dashboardUrl).origin;
    shell.send({ do: 'navigate', url: `${origin}/channels` });
    expect(await shell.waitFor('navigated', (e) => e.url === `${origin}/channels`)).toMatchObject({ prevented: false });
    shell.send({ do: 'navigate', url: 'https://example.org/help' });
    expect(await shell.waitFor('navigated', (e) => e.url === 'https://example.org/help')).toMatchObject({ prevented: true });
    await shell.waitFor('openExternal', (e) => e.url === 'https://example.org/help');
    shell.send({ do: 'navigate', url: 'file:///etc/passwd' });
    expect(await shell.waitFor('navigated', (e) => e.url === 'file:///etc/passwd')).toMatchObject({ prevented: true });
    shell.send({ do: 'windowOpen', url: 'javascript:alert(1)' });
    expect(await shell.waitFor('windowOpen')).toMatchObject({ decision: 'deny' });
    expect(shell.events.filter((e) => e.type === 'openExternal').map((e) => e.url)).toEqual(['https://example.org/help']);
    // A same-origin window.open opens no second window: the main window goes there instead.
    shell.send({ do: 'windowOpen', url: `${origin}/audit` });
    expect(await shell.waitFor('windowOpen', (e) => e.url === `${origin}/audit`)).toMatchObject({ decision: 'deny' });
    await shell.waitFor('contentsLoadURL', (e) => e.url === `${origin}/audit`);
    expect(shell.events.filter((e) => e.type === 'window')).toHaveLength(1);
  });

  it('grants only the clipboard write, and only to the dashboard', async () => {
    const origin = new URL(dashboardUrl).origin;
    const ask = async (permission: string, url: string): Promise<FakeEvent> => {
      const answer = shell.next('permissions', (e) => e.permission === permission && e.url === url);
      shell.send({ do: 'permissions', permission, url });
      return answer;
    };
    expect(await ask('clipboard-sanitized-write', `${origin}/channels`)).toMatchObject({ request: true, check: true });
    expect(await ask('clipboard-sanitized-write', 'https://example.org/')).toMatchObject({ request: false, check: false });
    expect(await ask('clipboard-sanitized-write', 'http://127.0.0.1:1/')).toMatchObject({ request: false, check: false });
    for (const other of ['clipboard-read', 'media', 'notifications', 'geolocation']) {
      expect(await ask(other, `${origin}/channels`)).toMatchObject({ request: false, check: false, device: false });
    }
  });

  it('builds the application menu', async () => {
    expect((await shell.waitFor('appMenu')).labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));
  });

  it('hides on close, keeps answering, and shows live traffic in the tray and a notification', async () => {
    shell.send({ do: 'closeWindow' });
    expect(await shell.waitFor('closed')).toMatchObject({ prevented: true });
    await shell.waitFor('hide');
    expect((await fetch(`http://127.0.0.1:${callbackPort}/healthz`)).status).toBe(200);
    const channel = { userId: '577175', channelId: 'Wz@NWuVjWire0001' };
    expect(await aec(callbackPort, 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', { ...channel, roomId: 'a4aDXK2lEWucjFTB', conCurrentNumber: '10', extra: 'wire' })).toBe('1');
    expect(await aec(callbackPort, 'AEC_LIVE_APPLY_UPLOAD_CHANNEL', channel)).toBe('1');
    expect(await aec(callbackPort, 'AEC_LIVE_UPLOADER_UPLOADING', channel)).toBe('1');
    await shell.waitFor('notification', (e) => e.title === 'Channel live' && String(e.body).includes('Wz@NWuVjWire0001'));
    await shell.waitFor('trayMenu', (e) => (e.labels as string[]).includes('Channels: 1 live of 1'));
    await shell.waitFor('tooltip', (e) => String(e.text).includes('1 live channel'));
    shell.send({ do: 'secondInstance' });
    await shell.next('show');
    shell.send({ do: 'closeWindow' });
    await shell.next('hide');
    // The notification (kept alive by main.ts) still brings the dashboard back when clicked.
    shell.send({ do: 'clickNotification' });
    await shell.next('show');
  });

  it('keeps the computer awake while the media server calls, and says so in the tray', async () => {
    // The callbacks of the test above: this computer's server serves a media server now.
    expect(await shell.waitFor('powerSaveBlocker', (e) => e.action === 'start')).toMatchObject({ blockerType: 'prevent-app-suspension' });
    await shell.waitFor('trayMenu', (e) => (e.labels as string[]).includes(KEEPING_AWAKE_LINE));
    expect(shell.events.filter((e) => e.type === 'powerSaveBlocker' && e.action === 'start')).toHaveLength(1);
  });

  describe('following a server on the LAN', () => {
    const REMOTE_TOKEN = 'remote-admin-token-for-the-wiring-test';
    let remote: RunningApp;
    let remoteHost = '';
    const serversFile = (): { servers: { name: string; url: string; token: string }[]; current: string | null } =>
      JSON.parse(readFileSync(join(dataDir, 'servers.json'), 'utf8')) as never;
    beforeAll(async () => {
      remote = await startApp({ dataDir: join(work, 'remote'), callbackHost: '127.0.0.1', callbackPort: 0, adminHost: '127.0.0.1', adminPort: 0, adminToken: REMOTE_TOKEN, log: () => undefined });
      remoteHost = new URL(remote.adminUrl).host;
    });
    afterAll(async () => {
      await remote.stop();
    });

    it('asks for address and token in a locked-down page, and says what is wrong', async () => {
      shell.send({ do: 'menuClick', label: 'Connect to a Server…' });
      const page = await shell.next('window');
      expect((page.options as { webPreferences: Record<string, unknown> }).webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      await shell.waitFor('loadURL', (e) => String(e.url).startsWith('data:text/html'));
      const refused = shell.next('loadURL', (e) => String(e.url).startsWith('data:text/html'));
      shell.send({ do: 'connectSubmit', address: remote.adminUrl, token: 'not-the-token' });
      expect(decodeURIComponent(String((await refused).url))).toContain(`${remoteHost} refused the admin token.`);
      expect(shell.events.filter((e) => e.type === 'openExternal' && String(e.url).includes('aec-connect'))).toEqual([]);
    });

    it('follows the server once connected: the window, the tray and the notifications, and remembers it', async () => {
      const loaded = shell.next('loadURL', (e) => e.url === `${remote.adminUrl}?token=${REMOTE_TOKEN}`);
      // The dashboard URL the server printed holds the token: pasting it alone is enough.
      shell.send({ do: 'connectSubmit', address: `${remote.adminUrl}?token=${REMOTE_TOKEN}`, token: '' });
      await loaded;
      expect((await shell.waitFor('appMenu', (e) => (e.server as { label: string }[]).some((i) => i.label === remoteHost))).server).toEqual([
        { label: 'This computer', checked: false },
        { label: remoteHost, checked: true },
        { label: undefined, checked: false },
        { label: 'Connect to a Server…', checked: false },
        { label: 'Forget This Server', checked: false },
      ]);
      expect(serversFile()).toEqual({ servers: [{ name: remoteHost, url: remote.adminUrl, token: REMOTE_TOKEN }], current: remote.adminUrl });
      if (process.platform !== 'win32') expect(statSync(join(dataDir, 'servers.json')).mode & 0o077).toBe(0);

      // The tray reads the server (its stream opened at the same moment) before the show starts there.
      await shell.waitFor('trayMenu', (e) => (e.labels as string[]).includes(`Server: ${remoteHost}`) && (e.labels as string[]).includes('Channels: 0 live of 0'));
      const channel = { userId: '577175', channelId: 'Wz@NWuVjRemote01' };
      const remotePort = Number(new URL(remote.callbackUrl).port);
      expect(await aec(remotePort, 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', { ...channel, roomId: 'a4aDXK2lEWucjFTB', conCurrentNumber: '10', extra: 'lan' })).toBe('1');
      expect(await aec(remotePort, 'AEC_LIVE_APPLY_UPLOAD_CHANNEL', channel)).toBe('1');
      expect(await aec(remotePort, 'AEC_LIVE_UPLOADER_UPLOADING', channel)).toBe('1');
      await shell.waitFor('notification', (e) => e.title === 'Channel live' && String(e.body).includes('Wz@NWuVjRemote01'));
      await shell.waitFor('trayMenu', (e) => (e.labels as string[]).includes(`Server: ${remoteHost}`) && (e.labels as string[]).includes('Channels: 1 live of 1'));
      // The window may go anywhere on that server, and nowhere else.
      const origin = new URL(remote.adminUrl).origin;
      shell.send({ do: 'navigate', url: `${origin}/audit` });
      expect(await shell.waitFor('navigated', (e) => e.url === `${origin}/audit`)).toMatchObject({ prevented: false });
    });

    it('goes back to this computer from the menu, keeping the server in the list', async () => {
      const loaded = shell.next('loadURL', (e) => e.url === dashboardUrl);
      shell.send({ do: 'menuClick', label: 'This computer' });
      await loaded;
      expect(serversFile()).toMatchObject({ servers: [{ url: remote.adminUrl }], current: null });
      await shell.waitFor('trayMenu', (e) => !(e.labels as string[]).some((l) => l.startsWith('Server: ')) && (e.labels as string[]).includes('Open Dashboard'));
    });
  });

  it('quits from the tray only after the core has stopped, keeping its state', async () => {
    shell.send({ do: 'trayClickQuit' });
    expect(await shell.waitFor('quit')).toMatchObject({ prevented: true });
    expect(await shell.exit).toBe(0);
    expect(shell.events.some((e) => e.type === 'trayDestroyed')).toBe(true);
    expect(shell.events.filter((e) => e.type === 'powerSaveBlocker' && e.action === 'stop')).toHaveLength(1);
    const again = await startApp({ dataDir, callbackHost: '127.0.0.1', callbackPort: 0, adminHost: '127.0.0.1', adminPort: 0, log: () => undefined });
    try {
      const response = await fetch(new URL('api/channels', again.adminUrl), { headers: { Authorization: `Bearer ${again.adminToken}` } });
      expect(((await response.json()) as { id: string }[]).map((c) => c.id)).toContain('Wz@NWuVjWire0001');
    } finally {
      await again.stop();
    }
  });

  it('shows the dashboard in front when a second launch comes while still starting', async () => {
    const early = launch({ FAKE_EARLY_SECOND_INSTANCE: '1' });
    try {
      await early.waitFor('show');
      await early.waitFor('focus');
    } finally {
      early.send({ do: 'quit' });
      await early.exit;
    }
  });

  it('hands over to the running instance instead of starting a second core', async () => {
    const second = launch({ FAKE_LOCK_TAKEN: '1' });
    expect(await second.exit).toBe(0);
    expect(second.events.some((e) => e.type === 'loadURL')).toBe(false);
  });

  it('starts on the remembered LAN server, or on this computer with a word when it does not answer', async () => {
    const remote = await startApp({ dataDir: join(work, 'remote-2'), callbackHost: '127.0.0.1', callbackPort: 0, adminHost: '127.0.0.1', adminPort: 0, adminToken: 'remembered-remote-token-0001', log: () => undefined });
    const gone = `http://127.0.0.1:${await freePort()}/`;
    try {
      const dir = join(work, 'data-remembered');
      mkdirSync(dir, { recursive: true });
      const list = (current: string) => JSON.stringify({
        servers: [{ name: 'studio', url: remote.adminUrl, token: 'remembered-remote-token-0001' }, { name: 'gone', url: gone, token: 'x' }],
        current,
      });
      writeFileSync(join(dir, 'servers.json'), list(remote.adminUrl));
      const first = launch({}, dir);
      expect((await first.waitFor('loadURL')).url).toBe(`${remote.adminUrl}?token=remembered-remote-token-0001`);
      first.send({ do: 'quit' });
      await first.exit;

      writeFileSync(join(dir, 'servers.json'), list(gone));
      const second = launch({}, dir);
      const box = await second.waitFor('messageBox');
      expect(String((box.options as { message: string }).message)).toMatch(/^Cannot reach gone \(ECONNREFUSED\)\..*Showing this computer instead/);
      expect(new URL(String((await second.waitFor('loadURL')).url)).port).not.toBe(new URL(gone).port);
      second.send({ do: 'quit' });
      await second.exit;
    } finally {
      await remote.stop();
    }
  });
});
