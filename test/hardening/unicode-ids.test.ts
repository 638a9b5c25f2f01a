// Ids are opaque strings from the media server. Whatever the callback listener accepts as an
// id, the operator must be able to reach through the admin API (see it, close it, kick a
// viewer); what it cannot represent (control characters, lone surrogates) it must refuse.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { denied } from '../support/aec-client';
import type { ChannelDetail, ChannelRow } from '../../server/contract';
import { tempDataDir, removeDir, startHarness, type Harness } from '../support/harness';
import { pathSegment } from './helpers/invariants';

let dir = '';
let h: Harness;
beforeAll(async () => {
  dir = await tempDataDir('aec-hardening-ids-');
  h = await startHarness({ dataDir: dir });
});
afterAll(async () => {
  await h?.stop();
  if (dir) await removeDir(dir);
});

const online = (channelId: string, userId: string) => ({ ts: '1561699571', action: 'AEC_LIVE_USER_ONLINE', channelId, userId, time: '1561699571' });

/** Sends `data` exactly as given (so JSON escapes like \ud800 reach the server as escapes). */
async function callRaw(data: string): Promise<{ status: string; data: unknown }> {
  const res = await fetch(new URL(`aec?data=${pathSegment(data)}`, h.callbackUrl));
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; data: unknown };
}

describe('odd but printable ids', () => {
  test.each([
    ['频道-😀-١٢٣', '用户'],
    ['\u202Eevil\u202C', 'e\u0301\u0301'],
    ['a/b%2Fc?d#e', '=cmd|calc'],
    ['__proto__', 'constructor'],
    ['<script>x</script>', '../../etc/passwd'],
  ])('channel %j with viewer %j: admitted, listed, reachable, kickable, closable', async (channelId, userId) => {
    expect((await h.call(online(channelId, userId))).status).toBe('1');
    const rows = await h.get<ChannelRow[]>('/api/channels');
    expect(rows.some((row) => row.id === channelId)).toBe(true);
    const detail = await h.get<ChannelDetail>(`/api/channels/${pathSegment(channelId)}`);
    expect(detail.channel.id).toBe(channelId);
    expect(detail.sessions.map((s) => s.userId)).toEqual([userId]);
    expect((await h.json('POST', `/api/channels/${pathSegment(channelId)}/viewers/${pathSegment(userId)}/kick`, {})).status).toBe(200);
    expect(await h.call(online(channelId, userId))).toEqual(denied('viewerKicked'));
    expect((await h.json('POST', `/api/channels/${pathSegment(channelId)}/delete`, {})).status).toBe(200);
  });
});

describe('ids that cannot be shown or addressed', () => {
  test.each([['a\\u0000b'], ['line\\nbreak'], ['del\\u007f']])('a control character (%s) is refused with 10002 and creates nothing', async (escaped) => {
    const before = (await h.get<ChannelRow[]>('/api/channels?includeDeleted=1')).length;
    expect(await callRaw(`{"action":"AEC_LIVE_USER_ONLINE","channelId":"${escaped}","userId":"577175"}`)).toEqual(denied('missingArgument'));
    expect(await callRaw(`{"action":"AEC_LIVE_USER_ONLINE","channelId":"Wz@NWuVj8Tx5aa4a","userId":"${escaped}"}`)).toEqual(denied('missingArgument'));
    expect((await h.get<ChannelRow[]>('/api/channels?includeDeleted=1')).length).toBe(before);
  });

  // A lone UTF-16 surrogate (JSON "\ud800") is no Unicode text: it cannot be put in a URL, so
  // the channel could never be opened, closed or deleted from the dashboard.
  test('a channel id with a lone surrogate is refused, or else reachable by the admin API', async () => {
    const reply = await callRaw('{"action":"AEC_LIVE_USER_ONLINE","channelId":"ab\\ud800cd","userId":"577175"}');
    const listed = (await h.get<ChannelRow[]>('/api/channels?includeDeleted=1')).filter((row) => row.id.includes('ab'));
    if (reply.status === '0') {
      expect(reply).toEqual(denied('missingArgument'));
      expect(listed).toEqual([]);
      return;
    }
    // Accepted: then the operator must be able to reach it. No URL can name it; try the two
    // encodings a browser could produce (U+FFFD, and the raw CESU-8 bytes).
    const reachable = await Promise.all(['ab%EF%BF%BDcd', 'ab%ED%A0%80cd'].map(async (p) => (await h.admin(`/api/channels/${p}/delete`, { method: 'POST' })).status));
    expect(reachable, `accepted as ${JSON.stringify(listed.map((row) => row.id))}, but delete answers ${JSON.stringify(reachable)}`).toContain(200);
  });

  test('a viewer id with a lone surrogate is refused, or else can be kicked', async () => {
    const channelId = 'Wz@Surrogate_usr';
    const reply = await callRaw(`{"action":"AEC_LIVE_USER_ONLINE","channelId":"${channelId}","userId":"u\\udfff"}`);
    if (reply.status === '0') {
      expect(reply).toEqual(denied('missingArgument'));
      return;
    }
    const statuses = await Promise.all(['u%EF%BF%BD', 'u%ED%BF%BF'].map(async (p) => (await h.json('POST', `/api/channels/${pathSegment(channelId)}/viewers/${p}/kick`, {})).status));
    expect(statuses, `viewer accepted, but kick answers ${JSON.stringify(statuses)}`).toContain(200);
  });
});
