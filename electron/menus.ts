// The application menu, the tray menu and the About text, as plain templates. main.ts wires
// the actions; keeping the shapes here lets them be checked without Electron.

import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  showDashboard(): void;
  openInBrowser(): void;
  openDataFolder(): void;
  showAbout(): void;
  quit(): void;
}

/** One entry of the Server menu: this computer, or a saved LAN server. */
export interface ServerChoice {
  label: string;
  /** null: this computer. */
  url: string | null;
  current: boolean;
}

export interface ServerActions {
  follow(url: string | null): void;
  connect(): void;
  /** Forgets the LAN server followed now and goes back to this computer. */
  forgetCurrent(): void;
}

export interface ServerMenu {
  choices: ServerChoice[];
  actions: ServerActions;
}

/** Which server the window follows (one checked), then Connect… and Forget. */
export function serverMenuItems(menu: ServerMenu): MenuItemConstructorOptions[] {
  const followingLan = menu.choices.some((choice) => choice.current && choice.url !== null);
  return [
    ...menu.choices.map((choice): MenuItemConstructorOptions => ({
      label: choice.label,
      type: 'radio',
      checked: choice.current,
      click: () => menu.actions.follow(choice.url),
    })),
    { type: 'separator' },
    { label: 'Connect to a Server…', click: () => menu.actions.connect() },
    { label: 'Forget This Server', enabled: followingLan, click: () => menu.actions.forgetCurrent() },
  ];
}

export function appMenuTemplate(
  platform: NodeJS.Platform,
  productName: string,
  actions: MenuActions,
  servers?: ServerMenu,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: `About ${productName}`, click: () => actions.showAbout() };
  const quit: MenuItemConstructorOptions = {
    label: isMac ? `Quit ${productName}` : 'Quit',
    accelerator: 'CmdOrCtrl+Q',
    click: () => actions.quit(),
  };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: productName,
      submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, quit],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open in Browser', click: () => actions.openInBrowser() },
        { label: 'Open Data Folder', click: () => actions.openDataFolder() },
        { type: 'separator' },
        // Closing hides the window; the server keeps answering the media server.
        { label: 'Close Window', accelerator: 'CmdOrCtrl+W', role: 'close' },
        ...(isMac ? [] : [{ type: 'separator' } as const, quit]),
      ],
    },
    ...(servers ? [{ label: 'Server', submenu: serverMenuItems(servers) }] : []),
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' },
        { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' },
        { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    {
      label: 'Help',
      submenu: [
        { label: 'Open Data Folder', click: () => actions.openDataFolder() },
        ...(isMac ? [] : [{ type: 'separator' } as const, about]),
      ],
    },
  );
  return template;
}

/** The tray menu: live status lines (not clickable), then Open, the Server choice and Quit. */
export function trayMenuTemplate(statusLines: string[], actions: MenuActions, servers?: ServerMenu): MenuItemConstructorOptions[] {
  return [
    ...statusLines.map((label): MenuItemConstructorOptions => ({ label, enabled: false })),
    { type: 'separator' },
    { label: 'Open Dashboard', click: () => actions.showDashboard() },
    ...(servers ? [{ label: 'Server', submenu: serverMenuItems(servers) }] : []),
    { label: 'Open Data Folder', click: () => actions.openDataFolder() },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

export interface AboutFacts {
  productName: string;
  version: string;
  dataDir: string;
  callbackUrl: string;
  aecurlLines: string[];
  electronVersion: string;
  nodeVersion: string;
}

export function aboutText(facts: AboutFacts): { message: string; detail: string } {
  const lines = [
    `Data folder: ${facts.dataDir}`,
    `Callback listener: ${facts.callbackUrl}`,
    ...facts.aecurlLines.slice(0, 3).map((line) => `starrtc.conf: ${line}`),
    '',
    `Electron ${facts.electronVersion}, Node ${facts.nodeVersion}`,
  ];
  return { message: `${facts.productName} ${facts.version}`, detail: lines.join('\n') };
}
