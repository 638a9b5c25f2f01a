import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { choose, currentServer, EMPTY_LIST, loadServerList, saveServerList, withoutServer, withServer } from '../../electron/server-list';

const dir = mkdtempSync(join(tmpdir(), 'aec-servers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const studio = { name: '192.168.1.20:9901', url: 'http://192.168.1.20:9901/', token: 'tok-a' };
const backup = { name: '192.168.1.21:9901', url: 'http://192.168.1.21:9901/', token: 'tok-b' };

describe('server list', () => {
  it('adds, replaces, chooses and forgets servers; this computer is the default', () => {
    let list = withServer(EMPTY_LIST, studio);
    expect(currentServer(list)).toEqual(studio);
    list = withServer(list, backup);
    list = withServer(list, { ...studio, token: 'rotated' });
    expect(list.servers.map((s) => s.token)).toEqual(['tok-b', 'rotated']);
    expect(list.current).toBe(studio.url);
    expect(choose(list, 'http://unknown/')).toBe(list);
    list = choose(list, null);
    expect(currentServer(list)).toBeNull();
    list = choose(list, backup.url);
    list = withoutServer(list, backup.url);
    expect(list).toEqual({ servers: [{ ...studio, token: 'rotated' }], current: null });
  });

  it('survives a round trip through its file, readable by its owner only', async () => {
    const file = join(dir, 'servers.json');
    const list = withServer(withServer(EMPTY_LIST, studio), backup);
    await saveServerList(file, list);
    expect(await loadServerList(file)).toEqual({ list, problem: null });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(list);
  });

  it('starts empty without a file, and says so when the file is not a list', async () => {
    expect(await loadServerList(join(dir, 'none.json'))).toEqual({ list: EMPTY_LIST, problem: null });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"servers": "nope"}');
    const loaded = await loadServerList(bad);
    expect(loaded.list).toEqual(EMPTY_LIST);
    expect(loaded.problem).toContain('is not a server list');
  });

  it('follows this computer when the remembered current server is not in the list', async () => {
    const file = join(dir, 'dangling.json');
    writeFileSync(file, JSON.stringify({ servers: [studio], current: 'http://elsewhere/' }));
    expect((await loadServerList(file)).list.current).toBeNull();
  });
});
