// --allow-from: callers outside the list get HTTP 403 and an audit entry, callers inside are
// served, and a list that does not parse stops the start with a clear message.

import { afterEach, describe, expect, test } from 'vitest';
import type { AuditEntry, ChannelRow } from '../../server/contract';
import { tempDataDir, removeDir, startHarness, type Harness } from '../support/harness';
import { runServeToExit, serveArgs } from '../support/serve-process';

const online = { ts: '1561699571', action: 'AEC_LIVE_USER_ONLINE', userId: '577175', channelId: 'Wz@NWuVjBI3taaCB', time: '1561699571' };

function aecUrl(h: Harness): URL {
  const url = new URL('aec/eventCenter.php', h.callbackUrl);
  url.searchParams.set('data', JSON.stringify(online));
  return url;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function started(allowFrom: string[]): Promise<Harness> {
  const dir = await tempDataDir('aec-hardening-allow-');
  cleanup.push(() => removeDir(dir));
  const h = await startHarness({ dataDir: dir, allowFrom });
  cleanup.push(() => h.stop());
  return h;
}

describe('allow-list of media server addresses', () => {
  test('127.0.0.1 outside 10.0.0.0/8 gets 403, nothing is decided, and the refusal is audited', async () => {
    const h = await started(['10.0.0.0/8']);
    const get = await fetch(aecUrl(h));
    expect(get.status).toBe(403);
    const post = await fetch(new URL('aec', h.callbackUrl), { method: 'POST', body: new URLSearchParams({ data: JSON.stringify(online) }) });
    expect(post.status).toBe(403);
    expect((await h.get<ChannelRow[]>('/api/channels?includeDeleted=1')).map((c) => c.id)).toEqual([]);

    const refused = await h.get<AuditEntry[]>('/api/audit?action=refused:address');
    expect(refused.length).toBe(2);
    for (const entry of refused) {
      expect(entry.decision).toBe('deny');
      expect(entry.remote).toMatch(/127\.0\.0\.1$/);
      expect(entry.reason).toContain('10.0.0.0/8');
    }
  });

  test('127.0.0.1 inside 127.0.0.1/32 is served', async () => {
    const h = await started(['127.0.0.1/32']);
    const res = await fetch(aecUrl(h));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: '1', data: expect.anything() });
    expect((await h.get<ChannelRow[]>('/api/channels')).map((c) => c.id)).toEqual([online.channelId]);
    expect(await h.get<AuditEntry[]>('/api/audit?action=refused:address')).toEqual([]);
  });

  test('a list changed in the settings applies to the next request, without a restart', async () => {
    const h = await started([]);
    expect((await fetch(aecUrl(h))).status).toBe(200);
    expect((await h.json('PUT', '/api/settings', { allowFrom: ['10.0.0.0/8', '192.168.1.7'] })).status).toBe(200);
    expect((await fetch(aecUrl(h))).status).toBe(403);
    const bad = await h.json('PUT', '/api/settings', { allowFrom: ['10.0.0.0/99'] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('10.0.0.0/99');
    expect((await h.json('PUT', '/api/settings', { allowFrom: ['127.0.0.0/8'] })).status).toBe(200);
    expect((await fetch(aecUrl(h))).status).toBe(200);
  });

  test.each([['nonsense'], ['10.0.0.0/33'], ['10.0.0.0/8,300.1.1.1']])(
    'serve --allow-from %s refuses to start with a clear message',
    { timeout: 40_000 },
    async (list) => {
      const dir = await tempDataDir('aec-hardening-allow-cli-');
      cleanup.push(() => removeDir(dir));
      const result = await runServeToExit(serveArgs(dir, ['--allow-from', list]));
      expect(result.code).toBe(2);
      const bad = list.split(',').at(-1)!;
      expect(result.stderr).toContain(`--allow-from: "${bad}"`);
      expect(result.stderr.trim().split('\n')).toHaveLength(1); // one line, no stack trace
      expect(result.stdout).not.toContain('AEC callback listener');
    },
  );
});
