import { describe, expect, it } from 'vitest';
import type { Notice, Summary } from '../../server/contract';
import type { FollowedServer } from '../../electron/followed-server';
import { ServerSwitch, type SwitchEffects } from '../../electron/server-switch';
import { EMPTY_LIST, withServer, type SavedServer, type ServerList } from '../../electron/server-list';

const studio: SavedServer = { name: 'studio:9901', url: 'http://studio:9901/', token: 't1' };
const spare: SavedServer = { name: 'spare:9901', url: 'http://spare:9901/', token: 't2' };

function fakeServer(label: string, url: string | null, log: string[]): FollowedServer {
  return {
    label,
    url,
    dashboardUrl: `${url ?? 'http://127.0.0.1:1/'}?token=x`,
    summary: () => null,
    problem: () => null,
    notificationSwitches: () => Promise.reject(new Error('unused')),
    onNotice: (_listener: (notice: Notice) => void) => () => undefined,
    stop: () => void log.push(`stop ${label}`),
  };
}

function harness(list: ServerList, reachable: Set<string>) {
  const log: string[] = [];
  const saved: ServerList[] = [];
  const effects: SwitchEffects = {
    thisComputer: () => fakeServer('This computer', null, log),
    lanServer: (server) => fakeServer(server.name, server.url, log),
    probe: (server) => Promise.resolve(reachable.has(server.url) ? { ok: true, value: {} as Summary } : { ok: false, error: `Cannot reach ${server.name}.` }),
    save: (l) => (saved.push(l), Promise.resolve()),
    followed: (next) => void log.push(`follow ${next.label}`),
    tell: (message) => void log.push(`tell ${message}`),
  };
  return { switcher: new ServerSwitch(list, effects), log, saved };
}

describe('server switch', () => {
  it('starts on this computer when nothing is remembered', async () => {
    const { switcher, log } = harness(EMPTY_LIST, new Set());
    await switcher.start();
    expect(log).toEqual(['follow This computer']);
    expect(switcher.choices()).toEqual([{ label: 'This computer', url: null, current: true }]);
  });

  it('starts on the remembered server when it answers, else on this computer with a word', async () => {
    const list = withServer(EMPTY_LIST, studio);
    const up = harness(list, new Set([studio.url]));
    await up.switcher.start();
    expect(up.log).toEqual(['follow studio:9901']);
    const down = harness(list, new Set());
    await down.switcher.start();
    expect(down.log).toEqual(['tell Cannot reach studio:9901. Showing this computer instead; choose the server again in the Server menu once it is back.', 'follow This computer']);
  });

  it('switches between saved servers, checking each first, saving the choice before showing it', async () => {
    const { switcher, log, saved } = harness(withServer(withServer(EMPTY_LIST, studio), spare), new Set([studio.url]));
    await switcher.start(); // spare is current and does not answer
    log.length = 0;
    await switcher.follow(spare.url);
    expect(log).toEqual(['tell Cannot reach spare:9901.']);
    await switcher.follow(studio.url);
    expect(saved.at(-1)?.current).toBe(studio.url);
    expect(log.slice(1)).toEqual(['stop This computer', 'follow studio:9901']);
    expect(switcher.choices().filter((c) => c.current).map((c) => c.label)).toEqual(['studio:9901']);
    await switcher.follow(studio.url); // already there: nothing happens
    expect(log).toHaveLength(3);
  });

  it('saves a connected server and follows it; forgetting it goes back to this computer', async () => {
    const { switcher, log, saved } = harness(EMPTY_LIST, new Set());
    await switcher.start();
    await switcher.connected(studio);
    expect(saved.at(-1)).toEqual({ servers: [studio], current: studio.url });
    await switcher.forgetCurrent();
    expect(saved.at(-1)).toEqual({ servers: [], current: null });
    expect(log).toEqual(['follow This computer', 'stop This computer', 'follow studio:9901', 'stop studio:9901', 'follow This computer']);
  });

  it('still follows the choice when the list cannot be saved, and says so', async () => {
    const { switcher, log } = harness(EMPTY_LIST, new Set());
    (switcher as unknown as { effects: SwitchEffects }).effects.save = () => Promise.reject(new Error('EACCES'));
    await switcher.start();
    await switcher.connected(studio);
    expect(log).toContain('tell The server list could not be saved (EACCES); the choice lasts until the app quits.');
    expect(switcher.current.label).toBe('studio:9901');
  });
});
