import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/main/config';
import { APP_FLAGS, desktopDefaults, newAdminToken, pickAppFlags } from '../../electron/launch-options';

describe('desktop command line', () => {
  it('passes the core its own flags and drops the app path and Chromium switches', () => {
    // process.argv.slice(1) of `electron --no-sandbox . --data-dir /d --callback-port=9100 --enable-logging`
    const argv = ['--no-sandbox', '.', '--data-dir', '/d', '--callback-port=9100', '--enable-logging', '--allow-from', '10.0.0.0/8'];
    expect(pickAppFlags(argv)).toEqual(['--data-dir', '/d', '--callback-port=9100', '--allow-from', '10.0.0.0/8']);
  });

  it('knows every flag of the CLI contract (DESIGN.md)', () => {
    expect([...APP_FLAGS].sort()).toEqual(
      [
        '--admin-host',
        '--admin-port',
        '--admin-token',
        '--allow-from',
        '--callback-host',
        '--callback-port',
        '--data-dir',
        '--guard-token',
        '--require-sign',
        '--upstream-aec',
        '--upstream-timeout-ms',
        '--webhook',
      ].sort(),
    );
  });

  it('passes a switch on without taking the next argument as its value', () => {
    expect(pickAppFlags(['--require-sign', '.', '--data-dir', '/d'])).toEqual(['--require-sign', '--data-dir', '/d']);
  });

  it('leaves a flag without its value for the core to report', () => {
    expect(pickAppFlags(['--data-dir'])).toEqual(['--data-dir']);
    expect(() => resolveConfig(pickAppFlags(['.', '--data-dir']), {}, {})).toThrow(/data-dir/);
  });

  it('defaults to the app-data folder and a loopback dashboard with a fresh token', () => {
    const token = newAdminToken();
    const options = resolveConfig(pickAppFlags(['.']), {}, desktopDefaults('/home/op/.config/aec-live-monitor', token));
    expect(options).toMatchObject({
      dataDir: '/home/op/.config/aec-live-monitor',
      adminHost: '127.0.0.1',
      adminPort: 0,
      adminToken: token,
    });
  });

  it('lets flags and environment variables override the desktop defaults', () => {
    const options = resolveConfig(
      pickAppFlags(['.', '--data-dir', '/srv/aec', '--admin-token', 'fixed', '--callback-port', '9100']),
      { AEC_CALLBACK_HOST: '192.168.1.20' },
      desktopDefaults('/home/op/.config/aec-live-monitor', newAdminToken()),
    );
    expect(options).toMatchObject({ dataDir: '/srv/aec', adminToken: 'fixed', callbackPort: 9100, callbackHost: '192.168.1.20' });
  });

  it('draws an unguessable token per launch', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newAdminToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
