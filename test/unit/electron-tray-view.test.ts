import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { Summary } from '../../server/contract';
import { KEEPING_AWAKE_LINE } from '../../electron/keep-awake';
import { serverMenuItems, trayMenuTemplate, type MenuActions } from '../../electron/menus';
import { trayLines, trayViewTooltip } from '../../electron/tray-view';

const now = 1_760_000_000_000;
const summary = {
  now,
  lastCallbackAt: now - 4_000,
  channels: { total: 3, live: 2, closing: 0 },
  viewers: 15,
  bytesLastMinute: 60_000_000,
  store: { ok: true },
} as unknown as Summary;

describe('tray view', () => {
  it("this computer's server: its counts, and the keep-awake line while serving", () => {
    expect(trayLines({ server: null, summary, problem: null, keepingAwake: true })).toEqual([
      'Channels: 2 live of 3', 'Viewers: 15', 'Traffic: 1.0 MB/s', 'Media server: last call 4 s ago', KEEPING_AWAKE_LINE,
    ]);
  });

  it('a LAN server: named first; connecting, or why it cannot be read', () => {
    expect(trayLines({ server: '192.168.1.20:9901', summary: null, problem: null, keepingAwake: false })).toEqual(['Server: 192.168.1.20:9901', 'Connecting…']);
    const lines = trayLines({ server: '192.168.1.20:9901', summary, problem: '192.168.1.20:9901 refused the admin token.', keepingAwake: false });
    expect(lines.slice(0, 3)).toEqual(['Server: 192.168.1.20:9901', 'Not connected: 192.168.1.20:9901 refused the admin token.', 'Channels: 2 live of 3']);
    expect(trayViewTooltip('AEC Live Monitor', { server: '192.168.1.20:9901', summary, problem: null, keepingAwake: false })).toMatch(/^AEC Live Monitor · 192\.168\.1\.20:9901\n2 live channels/);
  });
});

describe('server menu', () => {
  const actions: MenuActions = { showDashboard: () => 0, openInBrowser: () => 0, openDataFolder: () => 0, showAbout: () => 0, quit: () => 0 };
  it('checks the server followed, offers Connect, and Forget only for a LAN server', () => {
    const calls: string[] = [];
    const menu = {
      choices: [{ label: 'This computer', url: null, current: false }, { label: 'studio:9901', url: 'http://studio:9901/', current: true }],
      actions: { follow: (url: string | null) => void calls.push(`follow ${url}`), connect: () => void calls.push('connect'), forgetCurrent: () => void calls.push('forget') },
    };
    const items = serverMenuItems(menu);
    expect(items.map((i) => [i.label, i.type, i.checked, i.enabled])).toEqual([
      ['This computer', 'radio', false, undefined],
      ['studio:9901', 'radio', true, undefined],
      [undefined, 'separator', undefined, undefined],
      ['Connect to a Server…', undefined, undefined, undefined],
      ['Forget This Server', undefined, undefined, true],
    ]);
    for (const item of items) (item.click as (() => void) | undefined)?.();
    expect(calls).toEqual(['follow null', 'follow http://studio:9901/', 'connect', 'forget']);
    expect(serverMenuItems({ ...menu, choices: [{ label: 'This computer', url: null, current: true }] }).at(-1)?.enabled).toBe(false);
    const tray = trayMenuTemplate(['Viewers: 1'], actions, menu);
    expect(tray.map((i) => i.label)).toEqual(['Viewers: 1', undefined, 'Open Dashboard', 'Server', 'Open Data Folder', undefined, 'Quit']);
    expect((tray[3]?.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).toContain('Connect to a Server…');
  });
});
