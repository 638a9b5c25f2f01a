// The desktop shell: starts the core in-process (the same startApp the headless CLI uses),
// shows the dashboard in a locked-down window and keeps the server alive in the tray. The
// window, tray and notifications follow this computer's server or one on the LAN.
// Everything decidable without Electron lives in the small modules imported below.

import { app, BrowserWindow, dialog, Menu, powerSaveBlocker, session, shell } from 'electron';
import type { WebContents } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppOptions, RunningApp } from '../server/main/app-options';
import { startApp } from '../server/main/app';
import { resolveConfig } from '../server/main/config';
import { simulatorControl } from '../server/simulator/control';
import { openConnectWindow } from './connect-window';
import { notifyFrom } from './desktop-notifications';
import { followLanServer, followThisComputer, type FollowedServer } from './followed-server';
import { isServingMediaServer, KeepAwake } from './keep-awake';
import { desktopDefaults, newAdminToken, pickAppFlags } from './launch-options';
import { aboutText, appMenuTemplate, trayMenuTemplate } from './menus';
import type { MenuActions, ServerMenu } from './menus';
import { decideNavigation, isAllowedNavigation, originOf } from './navigation-policy';
import { probeServer } from './remote-server';
import { loadServerList, saveServerList, SERVERS_FILE } from './server-list';
import { ServerSwitch } from './server-switch';
import { startTray, type AppTray } from './tray';
import { trayLines, trayViewTooltip, type TrayView } from './tray-view';
import { dashboardWindowOptions } from './window-options';

const PRODUCT = 'AEC Live Monitor';
const TRAY_REFRESH_MS = 3_000;
/** Quit waits this long at most for the state to be flushed before giving up. */
const STOP_TIMEOUT_MS = 30_000;

// Layout of the bundle (dist/electron/main.js), in the project and inside the packaged app.
const bundleDir = dirname(fileURLToPath(import.meta.url));
const iconDir = join(bundleDir, 'icons');
const rendererDir = join(bundleDir, '..', 'renderer');
const windowIcon = join(iconDir, 'icon.png');
const trayIcon = join(iconDir, 'tray.png');

let running: RunningApp | undefined;
/** The server the window, tray and notifications follow (this computer's, or one on the LAN). */
let servers: ServerSwitch | undefined;
let dashboardOrigin: string | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: AppTray | undefined;
let quitting = false;
let stopped = false;
/** A second launch came before the core was up: bring the window forward once it is. */
let showWhenBooted = false;
const cleanups: (() => void)[] = [];
/** Pages of the app itself (the connect form): their navigations are read, never followed. */
const ownPages = new WeakMap<WebContents, (url: string) => void>();
let stopNotifying: (() => void) | undefined;
const keepAwake = new KeepAwake(powerSaveBlocker);

function fail(title: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
  throw error;
}

// One data folder, one instance: the Chromium profile lives in the data folder, so the lock
// below (keyed on userData) also keeps two cores from writing the same state files.
// The folder name matches server/config.ts defaultDataDir, so `npm run serve` finds the same data.
app.setName(PRODUCT);
const defaultDataDir = join(app.getPath('appData'), 'aec-live-monitor');
let options: AppOptions;
try {
  options = resolveConfig(pickAppFlags(process.argv.slice(1)), process.env, desktopDefaults(defaultDataDir, newAdminToken()));
} catch (error) {
  fail(`${PRODUCT}: invalid option`, error);
}
app.setPath('userData', options.dataDir);

if (!app.requestSingleInstanceLock()) {
  console.log(`${PRODUCT} is already running for ${options.dataDir}; focusing it.`);
  app.exit(0);
} else {
  app.on('second-instance', () => {
    if (running) showDashboard();
    else showWhenBooted = true;
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  // The window only hides; keep running when none is visible.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => showDashboard());
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void stopThenQuit();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  void app.whenReady().then(() => boot(options));
}

/** Navigation, redirects and new windows stay on the dashboard's origin; web links go out. */
function lockDown(contents: WebContents): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    const own = ownPages.get(contents);
    if (own) {
      event.preventDefault();
      own(url);
      return;
    }
    const decision = dashboardOrigin === undefined ? null : decideNavigation(url, dashboardOrigin);
    if (decision?.action === 'allow') return;
    event.preventDefault();
    if (decision?.action === 'external') void shell.openExternal(decision.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (ownPages.has(contents)) return { action: 'deny' };
    const decision = dashboardOrigin === undefined ? null : decideNavigation(url, dashboardOrigin);
    if (decision?.action === 'allow') {
      // No untracked second windows: same-origin links open in the one dashboard window.
      const target = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : contents;
      void target.loadURL(url);
    }
    if (decision?.action === 'external') void shell.openExternal(decision.url);
    return { action: 'deny' };
  });
}

async function boot(opts: AppOptions): Promise<void> {
  // The dashboard needs no camera, microphone, notifications API, geolocation or devices;
  // only its Copy buttons (navigator.clipboard.writeText) need the sanitized clipboard write.
  const mayUse = (permission: string, url: string | undefined): boolean =>
    permission === 'clipboard-sanitized-write' && dashboardOrigin !== undefined && url !== undefined
    && isAllowedNavigation(url, dashboardOrigin);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(mayUse(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    mayUse(permission, requestingOrigin));
  session.defaultSession.setDevicePermissionHandler(() => false);

  let core: RunningApp;
  try {
    // Same extras as the headless CLI: the dashboard's first-run screen can start the simulator.
    core = await startApp(opts, { rendererDir, simulator: (url) => simulatorControl(url) });
  } catch (error) {
    stopped = true;
    fail(`${PRODUCT} could not start`, error);
  }
  const serversFile = join(app.getPath('userData'), SERVERS_FILE);
  const saved = await loadServerList(serversFile);
  if (saved.problem !== null) console.error(`${PRODUCT}: ${saved.problem}`);
  servers = new ServerSwitch(saved.list, {
    thisComputer: () => followThisComputer(core),
    lanServer: (server) => followLanServer(server),
    probe: probeServer,
    save: (list) => saveServerList(serversFile, list),
    followed,
    tell: (message) => void dialog.showMessageBox({ type: 'warning', title: PRODUCT, message }),
  });
  await servers.start();
  running = core;
  keepAwakeWhileServing(core);
  createTray();
  showDashboard();
}

/** The window, menus and notifications now follow `next`. */
function followed(next: FollowedServer): void {
  dashboardOrigin = originOf(next.dashboardUrl);
  stopNotifying?.();
  stopNotifying = notifyFrom(next, windowIcon, () => showDashboard());
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, PRODUCT, actions, serverMenu())));
  tray?.refresh();
  if (mainWindow && !mainWindow.isDestroyed()) void mainWindow.loadURL(next.dashboardUrl);
}

function serverMenu(): ServerMenu | undefined {
  if (!servers) return undefined;
  const switcher = servers;
  return {
    choices: switcher.choices(),
    actions: {
      follow: (url) => void switcher.follow(url),
      connect: () => openConnectWindow({ ownPages, probe: probeServer, iconPath: windowIcon, onConnected: (server) => void switcher.connected(server) }),
      forgetCurrent: () => void switcher.forgetCurrent(),
    },
  };
}

const actions: MenuActions = {
  showDashboard: () => showDashboard(),
  openInBrowser: () => {
    if (servers) void shell.openExternal(servers.current.dashboardUrl);
  },
  openDataFolder: () => {
    if (!running) return;
    void shell.openPath(running.dataDir).then((error) => {
      if (error !== '') void dialog.showMessageBox({ type: 'error', message: 'Cannot open the data folder', detail: error });
    });
  },
  showAbout: () => {
    if (!running) return;
    const text = aboutText({
      productName: PRODUCT,
      version: app.getVersion(),
      dataDir: running.dataDir,
      callbackUrl: running.callbackUrl,
      aecurlLines: running.aecurlLines,
      electronVersion: process.versions.electron ?? '?',
      nodeVersion: process.versions.node,
    });
    const about = { type: 'info' as const, title: `About ${PRODUCT}`, buttons: ['OK'], ...text };
    void (mainWindow ? dialog.showMessageBox(mainWindow, about) : dialog.showMessageBox(about));
  },
  quit: () => app.quit(),
};

function showDashboard(): void {
  if (!running || !servers) return;
  if (!mainWindow || mainWindow.isDestroyed()) {
    const win = new BrowserWindow(dashboardWindowOptions({ title: PRODUCT, iconPath: windowIcon }));
    win.once('ready-to-show', () => {
      win.show();
      if (showWhenBooted) win.focus();
      showWhenBooted = false;
    });
    win.on('close', (event) => {
      if (quitting) return;
      // The media server keeps calling: hide instead of closing, the tray brings it back.
      event.preventDefault();
      win.hide();
    });
    void win.loadURL(servers.current.dashboardUrl);
    mainWindow = win;
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createTray(): void {
  tray = startTray({
    iconPath: trayIcon,
    refreshMs: TRAY_REFRESH_MS,
    onClick: () => showDashboard(),
    tooltip: () => trayViewTooltip(PRODUCT, trayView()),
    menu: () => trayMenuTemplate(trayLines(trayView()), actions, serverMenu()),
  });
}

/** While this computer's server answers a media server, the computer must not sleep. */
function keepAwakeWhileServing(core: RunningApp): void {
  const check = (): void => keepAwake.update(isServingMediaServer(core.summary()));
  check();
  const timer = setInterval(check, TRAY_REFRESH_MS);
  cleanups.push(() => clearInterval(timer));
}

function trayView(): TrayView {
  const current = servers?.current;
  return {
    server: current?.url ? current.label : null,
    summary: current?.summary() ?? null,
    problem: current?.problem() ?? null,
    keepingAwake: keepAwake.active,
  };
}

/** Quit once: stop the core (flush journal, snapshot) and only then let Electron exit. */
async function stopThenQuit(): Promise<void> {
  if (quitting) return;
  quitting = true;
  for (const cleanup of cleanups.splice(0)) cleanup();
  stopNotifying?.();
  servers?.stop();
  keepAwake.release();
  if (running) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`${PRODUCT}: state flush took over ${STOP_TIMEOUT_MS / 1000} s; quitting anyway.`);
        resolve();
      }, STOP_TIMEOUT_MS);
    });
    try {
      await Promise.race([running.stop(), timeout]);
    } catch (error) {
      console.error(`${PRODUCT}: error while stopping: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
  tray?.destroy();
  stopped = true;
  app.quit();
}
