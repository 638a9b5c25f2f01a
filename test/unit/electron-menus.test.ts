import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutText, appMenuTemplate, trayMenuTemplate } from '../../electron/menus';
import type { MenuActions } from '../../electron/menus';

function recorder(): { calls: string[]; actions: MenuActions } {
  const calls: string[] = [];
  const actions: MenuActions = {
    showDashboard: () => calls.push('showDashboard'),
    openInBrowser: () => calls.push('openInBrowser'),
    openDataFolder: () => calls.push('openDataFolder'),
    showAbout: () => calls.push('showAbout'),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(items: MenuItemConstructorOptions[], label: string): void {
  const item = flatten(items).find((entry) => entry.label === label);
  if (!item?.click) throw new Error(`no clickable "${label}"`);
  (item.click as () => void)();
}

describe('application menu', () => {
  it('offers About, Open Data Folder and Quit on Windows and Linux', () => {
    const { calls, actions } = recorder();
    const menu = appMenuTemplate('linux', 'AEC Live Monitor', actions);
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    click(menu, 'About AEC Live Monitor');
    click(menu, 'Open Data Folder');
    click(menu, 'Quit');
    expect(calls).toEqual(['showAbout', 'openDataFolder', 'quit']);
    // Copy and paste must work in the dashboard (the aecurl line, tokens).
    expect(flatten(menu).map((m) => m.role)).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll']));
  });

  it('puts About and Quit under the app menu on macOS', () => {
    const { calls, actions } = recorder();
    const menu = appMenuTemplate('darwin', 'AEC Live Monitor', actions);
    expect(menu[0]?.label).toBe('AEC Live Monitor');
    click([menu[0]!], 'About AEC Live Monitor');
    click([menu[0]!], 'Quit AEC Live Monitor');
    expect(calls).toEqual(['showAbout', 'quit']);
  });
});

describe('tray menu', () => {
  it('shows status lines that cannot be clicked, then Open and Quit', () => {
    const { calls, actions } = recorder();
    const menu = trayMenuTemplate(['Channels: 2 live of 5', 'Viewers: 15'], actions);
    expect(menu.slice(0, 2)).toEqual([
      { label: 'Channels: 2 live of 5', enabled: false },
      { label: 'Viewers: 15', enabled: false },
    ]);
    click(menu, 'Open Dashboard');
    click(menu, 'Quit');
    expect(calls).toEqual(['showDashboard', 'quit']);
  });
});

describe('About box', () => {
  it('names the version and the data folder', () => {
    const text = aboutText({
      productName: 'AEC Live Monitor',
      version: '0.1.0',
      dataDir: 'C:\\Users\\op\\AppData\\Roaming\\aec-live-monitor',
      callbackUrl: 'http://0.0.0.0:9100/',
      aecurlLines: ['aecurl=http://192.168.1.20:9100/aec'],
      electronVersion: '45.5.0',
      nodeVersion: '22.20.0',
    });
    expect(text.message).toBe('AEC Live Monitor 0.1.0');
    expect(text.detail).toContain('Data folder: C:\\Users\\op\\AppData\\Roaming\\aec-live-monitor');
    expect(text.detail).toContain('starrtc.conf: aecurl=http://192.168.1.20:9100/aec');
  });
});
