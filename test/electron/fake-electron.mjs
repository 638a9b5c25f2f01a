// A stand-in for the `electron` module, just enough of its main-process API for
// electron-main-wiring.test.ts to run the real bundled main.ts under plain Node (no Electron
// binary can be downloaded here). It reports what main.ts does as `FAKE {json}` lines on
// stdout and takes commands as JSON lines on stdin. It does not imitate Chromium: the real
// thing is covered by test/electron/desktop.test.ts where ELECTRON_PATH is set.

import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const report = (event) => process.stdout.write(`FAKE ${JSON.stringify(event)}\n`);
const paths = { appData: process.env.FAKE_APP_DATA ?? join(tmpdir(), 'fake-app-data') };

class FakeApp extends EventEmitter {
  name = 'Electron';
  setName(name) { this.name = name; }
  getName() { return this.name; }
  getVersion() { return '0.0.0-fake'; }
  getPath(name) { return paths[name] ?? join(paths.appData, name); }
  setPath(name, value) { paths[name] = value; report({ type: 'setPath', name, value }); }
  requestSingleInstanceLock() { return process.env.FAKE_LOCK_TAKEN !== '1'; }
  whenReady() {
    // A second launch that arrives while the core is still starting.
    if (process.env.FAKE_EARLY_SECOND_INSTANCE === '1') setImmediate(() => this.emit('second-instance', {}, [], ''));
    return new Promise((resolve) => setImmediate(resolve));
  }
  exit(code = 0) { report({ type: 'exit', code }); process.exit(code); }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => { prevented = true; } });
    report({ type: 'quit', prevented });
    if (!prevented) setImmediate(() => process.exit(0));
  }
}
export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  openHandler = null;
  setWindowOpenHandler(handler) { this.openHandler = handler; }
  async loadURL(url) { report({ type: 'contentsLoadURL', url }); }
}

const windows = [];
export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return windows.filter((w) => !w.destroyed); }
  visible = false;
  destroyed = false;
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    report({ type: 'window', options });
  }
  async loadURL(url) { this.url = url; report({ type: 'loadURL', url }); setImmediate(() => this.emit('ready-to-show')); }
  show() { this.visible = true; report({ type: 'show' }); }
  hide() { this.visible = false; report({ type: 'hide' }); }
  focus() { report({ type: 'focus' }); }
  isMinimized() { return false; }
  restore() {}
  isDestroyed() { return this.destroyed; }
  isVisible() { return this.visible; }
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (!prevented) { this.destroyed = true; this.visible = false; }
    report({ type: 'closed', prevented });
  }
}

let tray;
export class Tray extends EventEmitter {
  constructor(image) { super(); this.image = image; this.destroyed = false; tray = this; }
  setToolTip(text) { report({ type: 'tooltip', text }); }
  setContextMenu(menu) {
    this.menu = menu;
    report({ type: 'trayMenu', labels: menu.items.map((i) => i.label ?? `-${i.type ?? ''}`), server: serverItems(menu.items) });
  }
  isDestroyed() { return this.destroyed; }
  destroy() { this.destroyed = true; report({ type: 'trayDestroyed' }); }
}

let appMenu;
/** The Server menu's entries, as the test reads them: label and whether checked. */
const serverItems = (items) => items.find((i) => i.label === 'Server')?.submenu?.map((i) => ({ label: i.label, checked: i.checked === true })) ?? [];
const findItem = (items, label) => {
  for (const item of items ?? []) {
    if (item.label === label) return item;
    const inner = findItem(item.submenu, label);
    if (inner) return inner;
  }
  return undefined;
};
export const Menu = {
  buildFromTemplate: (items) => ({ items }),
  setApplicationMenu: (menu) => {
    appMenu = menu;
    report({ type: 'appMenu', labels: menu.items.map((i) => i.label), server: serverItems(menu.items) });
  },
};
let blockers = 0;
const heldBlockers = new Set();
export const powerSaveBlocker = {
  start: (type) => { blockers += 1; heldBlockers.add(blockers); report({ type: 'powerSaveBlocker', action: 'start', blockerType: type, id: blockers }); return blockers; },
  stop: (id) => { heldBlockers.delete(id); report({ type: 'powerSaveBlocker', action: 'stop', id }); },
  isStarted: (id) => heldBlockers.has(id),
};
export const nativeImage = { createFromPath: (path) => ({ path }) };
export const dialog = {
  showErrorBox: (title, message) => report({ type: 'errorBox', title, message }),
  showMessageBox: async (...args) => { report({ type: 'messageBox', options: args.at(-1) }); return { response: 0 }; },
};
export const shell = {
  openExternal: async (url) => report({ type: 'openExternal', url }),
  openPath: async (path) => { report({ type: 'openPath', path }); return ''; },
};
export class Notification extends EventEmitter {
  static shown = [];
  static isSupported() { return true; }
  constructor(options) { super(); this.options = options; }
  show() { Notification.shown.push(this); report({ type: 'notification', title: this.options.title, body: this.options.body }); }
}
const permission = {};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h) => { permission.request = h; },
    setPermissionCheckHandler: (h) => { permission.check = h; },
    setDevicePermissionHandler: (h) => { permission.device = h; },
  },
};

// Commands from the test.
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  const win = windows[0];
  switch (command.do) {
    case 'closeWindow': win?.close(); break;
    case 'quit': app.quit(); break;
    case 'secondInstance': app.emit('second-instance', {}, [], ''); break;
    case 'navigate': {
      let prevented = false;
      win.webContents.emit('will-navigate', { preventDefault: () => { prevented = true; } }, command.url);
      report({ type: 'navigated', url: command.url, prevented });
      break;
    }
    case 'windowOpen':
      report({ type: 'windowOpen', url: command.url, decision: win.webContents.openHandler({ url: command.url }).action });
      break;
    case 'permissions': {
      // Asks for `command.permission` as a page at `command.url` would (request and check).
      let granted = null;
      const url = command.url;
      permission.request({}, command.permission, (ok) => { granted = ok; }, { requestingUrl: url, isMainFrame: true });
      const check = permission.check({}, command.permission, new URL(url).origin + '/', { requestingUrl: url, isMainFrame: true });
      report({ type: 'permissions', permission: command.permission, url, request: granted, check, device: permission.device({}) });
      break;
    }
    case 'clickNotification': Notification.shown.at(-1)?.emit('click'); break;
    case 'menuClick': {
      // An entry of the application menu (or the tray menu with `tray: true`), by its label.
      const item = findItem((command.tray ? tray?.menu : appMenu)?.items, command.label);
      report({ type: 'menuClicked', label: command.label, found: Boolean(item?.click) });
      item?.click?.();
      break;
    }
    case 'connectSubmit':
    case 'connectCancel': {
      // What the connect page's form does: navigate to its action URL, which the app intercepts.
      const page = windows.filter((w) => !w.destroyed && String(w.url ?? '').startsWith('data:')).at(-1);
      const url = command.do === 'connectCancel' ? 'http://aec-connect.invalid/cancel'
        : `http://aec-connect.invalid/submit?${new URLSearchParams({ address: command.address, token: command.token ?? '' })}`;
      let prevented = false;
      page?.webContents.emit('will-navigate', { preventDefault: () => { prevented = true; } }, url);
      report({ type: 'connectNavigated', found: Boolean(page), prevented });
      break;
    }
    case 'trayClickQuit': {
      const quit = tray?.menu?.items.find((i) => i.label === 'Quit');
      quit?.click();
      break;
    }
  }
});

export default { app, BrowserWindow, Tray, Menu, nativeImage, dialog, shell, Notification, session, powerSaveBlocker };
