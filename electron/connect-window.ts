// The "Connect to a Server…" window: a small locked-down page (connect-form.ts) whose form is
// read from its navigation and never loaded. The address and token are checked against the
// server before the window closes; a failure comes back on the page, in a sentence.

import { BrowserWindow } from 'electron';
import type { WebContents } from 'electron';
import type { Summary } from '../server/contract';
import { connectPageUrl, readConnectSubmission, serverFromInput } from './connect-form';
import type { SavedServer } from './server-list';
import { secureWebPreferences } from './window-options';

export interface ConnectWindowDeps {
  /** Pages whose navigations the app reads instead of following (main.ts's lockDown asks it). */
  ownPages: WeakMap<WebContents, (url: string) => void>;
  probe(server: SavedServer): Promise<{ ok: true; value: Summary } | { ok: false; error: string }>;
  onConnected(server: SavedServer): void;
  iconPath?: string;
}

let open: BrowserWindow | undefined;

export function openConnectWindow(deps: ConnectWindowDeps): void {
  if (open && !open.isDestroyed()) {
    open.show();
    open.focus();
    return;
  }
  const win = new BrowserWindow({
    title: 'Connect to a Server',
    width: 560,
    height: 360,
    resizable: false,
    minimizable: false,
    maximizable: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#101418',
    ...(deps.iconPath === undefined ? {} : { icon: deps.iconPath }),
    webPreferences: { ...secureWebPreferences },
  });
  open = win;
  let checking = false;
  deps.ownPages.set(win.webContents, (url) => {
    const submission = readConnectSubmission(url);
    if (submission === null || checking) return;
    if (submission.kind === 'cancel') return win.close();
    const read = serverFromInput(submission.address, submission.token);
    if (!read.ok) return void win.loadURL(connectPageUrl({ address: submission.address, error: read.error }));
    checking = true;
    void deps.probe(read.server).then((probe) => {
      checking = false;
      if (win.isDestroyed()) return;
      if (!probe.ok) return void win.loadURL(connectPageUrl({ address: submission.address, error: probe.error }));
      win.close();
      deps.onConnected(read.server);
    });
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(connectPageUrl());
}
