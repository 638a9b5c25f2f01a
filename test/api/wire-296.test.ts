// What the real 2.9.6 programs send, sent the same way (form POST, sign, headers, a connection
// per request), and what the operator then sees.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, ChannelDetail, ChannelRow } from '../../server/contract';
import { exchange } from '../../server/simulator/http-exchange';
import { buildData, requestBytes } from '../../server/simulator/wire';
import { aec, channelId, denied, nextReportTs, readSafely, userId } from '../support/aec-client';
import { startHarness, type Harness } from '../support/harness';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const channel = async (id: string): Promise<ChannelRow | undefined> => (await t.get<ChannelRow[]>('/api/channels')).find((r) => r.id === id);

/** One request exactly as 2.9.6 writes it, `data` built by its hand-made builder. */
async function send296(action: Parameters<typeof buildData>[0], fields: Record<string, string>, ts = Math.floor(Date.now() / 1000)) {
  const url = new URL('aec/eventCenter.php', t.callbackUrl);
  const reply = await exchange(url, requestBytes(url, buildData(action, ts, fields)), 10_000);
  expect(reply.statusCode).toBe(200);
  return readSafely(reply.body);
}

describe('names the media server does not escape', () => {
  test('a show named with quotes and a backslash goes live, and the dashboard shows its name as typed', async () => {
    const id = channelId();
    const name = 'Tom\'s "Late" Show \\o/';
    const created = await send296('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', {
      userId: '577175',
      roomId: 'a4aDXK2lEWucjFTB',
      channelId: id,
      conCurrentNumber: '7',
      extra: name,
      roomLiveType: '1',
    });
    expect(created.status).toBe('1');
    expect(await send296('AEC_LIVE_UPLOADER_UPLOADING', { userId: '577175', channelId: id })).toMatchObject({ status: '1' });
    expect(await channel(id)).toMatchObject({ name, state: 'live', capacity: 7 });
    const entry = (await t.get<AuditEntry[]>(`/api/audit?channelId=${encodeURIComponent(id)}&action=AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC`))[0];
    expect(entry?.reason).toMatch(/read back by its layout/);
    expect(entry?.raw).toContain('"roomLiveType":"1"');
  });
});

describe('GLOBAL_PUBLIC: the media server admits viewers itself, they are first seen at their reports', () => {
  async function show(capacity: string): Promise<string> {
    const id = channelId();
    expect((await t.call(aec.createGlobal(id, 'host', capacity))).status).toBe('1');
    expect((await t.call(aec.uploading(id, 'host'))).status).toBe('1');
    return id;
  }

  test('a viewer first seen at USER_PLAYING is a full session: bytes, minutes, the row', async () => {
    const id = await show('0');
    const viewer = userId();
    expect(await t.call(aec.playing(id, viewer, 2_000_000))).toEqual({ status: '1', data: 'ok' });
    expect(await t.call(aec.playing(id, viewer, 3_000_000))).toEqual({ status: '1', data: 'ok' });
    const detail = await t.get<ChannelDetail>(`/api/channels/${encodeURIComponent(id)}`);
    expect(detail.sessions).toEqual([expect.objectContaining({ userId: viewer, bytes: 5_000_000, reports: 2 })]);
    expect(detail.channel).toMatchObject({ viewers: 1, bytes: 5_000_000 });
  });

  test('a viewer seen only at USER_OFFLINE has its bytes counted', async () => {
    const id = await show('0');
    expect((await t.call(aec.offline(id, userId(), 700_000))).status).toBe('1');
    expect(await channel(id)).toMatchObject({ viewers: 0, bytes: 700_000 });
  });

  test('a full channel stops a viewer at their first report, not at the door: the bytes still count', async () => {
    const id = await show('2');
    for (const viewer of ['a', 'b']) expect((await t.call(aec.playing(id, viewer, 10))).status).toBe('1');
    expect(await t.call(aec.playing(id, 'c', 10))).toEqual(denied('channelFull'));
    expect(await channel(id)).toMatchObject({ viewers: 2, bytes: 30 });
  });

  test('a banned user is stopped at their first report', async () => {
    const id = await show('0');
    const viewer = userId();
    expect((await t.post('/api/bans', { userId: viewer, durationSeconds: null, reason: 'spam' })).status).toBe(201);
    expect(await t.call(aec.playing(id, viewer, 10))).toEqual(denied('userBanned'));
    expect(await t.call(aec.playing(id, viewer, 10, nextReportTs()))).toEqual(denied('userBanned'));
  });
});
