// The packaging config cannot be exercised here (electron-builder downloads Electron), so it
// is checked the way electron-builder itself checks it before building: its JSON schema.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  linux: { target: string[]; maintainer: string; category: string; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

const config = yaml.load(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder config', () => {
  it('passes electron-builder’s own schema check', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would be rejected by the same check if it were wrong', async () => {
    const broken = { ...config, linux: { ...config.linux, targett: ['AppImage'] } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('names the app and writes installers to release/', () => {
    expect(config.appId).toBe('io.aeclivemonitor.app');
    expect(config.productName).toBe('AEC Live Monitor');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });

  it('builds AppImage and deb, nsis, and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux.category).toBeTruthy();
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('packs the bundled main process that package.json points at', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('package.json');
    expect(pkg.main).toBe('dist/electron/main.js');
  });

  it('points at icons that exist and are large enough for every platform', () => {
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) {
      const png = readFileSync(join(root, icon));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR width and height: electron-builder needs at least 512x512 for macOS.
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    }
    const tray = readFileSync(join(root, 'build', 'tray.png'));
    expect([tray.readUInt32BE(16), tray.readUInt32BE(20)]).toEqual([32, 32]);
  });
});
