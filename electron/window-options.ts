// The dashboard window's options, kept free of Electron so they can be checked in plain Node.
// Settings follow Electron's security checklist: the page is a web page like any other and
// gets no Node, no privileged bridge and no way around the same-origin rules.

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export const secureWebPreferences: Readonly<WebPreferences> = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
});

export interface DashboardWindowInput {
  title: string;
  /** PNG for the window and taskbar (Linux and Windows use it; macOS uses the bundle's). */
  iconPath?: string;
}

export function dashboardWindowOptions(input: DashboardWindowInput): BrowserWindowConstructorOptions {
  const options: BrowserWindowConstructorOptions = {
    title: input.title,
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    // Shown once the first paint is ready, so the operator never sees a white flash.
    show: false,
    backgroundColor: '#101418',
    autoHideMenuBar: false,
    webPreferences: { ...secureWebPreferences },
  };
  if (input.iconPath !== undefined) options.icon = input.iconPath;
  return options;
}
