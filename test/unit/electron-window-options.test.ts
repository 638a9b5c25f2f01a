import { describe, expect, it } from 'vitest';
import { dashboardWindowOptions, secureWebPreferences } from '../../electron/window-options';

describe('dashboard window options', () => {
  it('isolate the page from Node and Electron as the security checklist asks', () => {
    const prefs = dashboardWindowOptions({ title: 'AEC Live Monitor' }).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    // No generic bridge into the main process.
    expect(prefs?.preload).toBeUndefined();
  });

  it('waits for the first paint before showing and carries title and icon', () => {
    const options = dashboardWindowOptions({ title: 'AEC Live Monitor', iconPath: '/x/icon.png' });
    expect(options.show).toBe(false);
    expect(options.title).toBe('AEC Live Monitor');
    expect(options.icon).toBe('/x/icon.png');
  });

  it('hands each window its own copy, so one window cannot loosen another', () => {
    const a = dashboardWindowOptions({ title: 'a' });
    const b = dashboardWindowOptions({ title: 'b' });
    expect(a.webPreferences).not.toBe(b.webPreferences);
    expect(Object.isFrozen(secureWebPreferences)).toBe(true);
  });
});
