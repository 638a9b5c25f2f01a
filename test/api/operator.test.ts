// The operator's levers from the admin API, and what the media server is told afterwards.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionResult, ChannelDetail, ChannelRow } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, userId, denied } from '../support/aec-client';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const path = (id: string, verb = '') => `/api/channels/${encodeURIComponent(id)}${verb}`;
const row = async (id: string, all = false) =>
  (await t.get<ChannelRow[]>(`/api/channels${all ? '?includeDeleted=1' : ''}`)).find((r) => r.id === id);

/** A live channel with its uploader and one viewer who watched 1000 bytes. */
async function liveShow(capacity = '0'): Promise<{ id: string; owner: string; viewer: string }> {
  const id = channelId();
  const owner = userId();
  const viewer = userId();
  for (const step of [aec.createGlobal(id, owner, capacity), aec.applyUpload(id, owner), aec.uploading(id, owner), aec.online(id, viewer), aec.playing(id, viewer, 1000)]) {
    expect(await t.call(step)).toMatchObject({ status: '1' });
  }
  return { id, owner, viewer };
}

describe('close', () => {
  test('a live channel goes to closing; its next reports get "0"; then it is closed', async () => {
    const { id, owner, viewer } = await liveShow();
    const res = await t.post(path(id, '/close'));
    expect(res.status).toBe(200);
    const result = (await res.json()) as ActionResult;
    expect(result.channel).toMatchObject({ id, state: 'closing', lifecycle: 'closing', closedBy: 'operator' });
    expect(result.message).toMatch(/minute/);

    expect(await t.call(aec.online(id, userId()))).toEqual(denied('channelNotOpen'));
    expect(await t.call(aec.applyUpload(id, owner))).toEqual(denied('channelNotOpen'));
    expect(await t.call(aec.playing(id, viewer, 300))).toEqual(denied('channelNotOpen'));
    expect((await row(id))?.viewers).toBe(0);
    expect(await t.call(aec.uploading(id, owner))).toEqual(denied('channelNotOpen'));
    expect(await row(id)).toMatchObject({ state: 'closed', lifecycle: 'closed', uploaders: 0, bytes: 1300 });
  });

  test('a channel with no live uploader closes at once; close of an unknown channel is 404', async () => {
    const id = channelId();
    await t.call(aec.createGlobal(id, userId()));
    const result = (await (await t.post(path(id, '/close'))).json()) as ActionResult;
    expect(result.channel.state).toBe('closed');
    expect((await t.post(path('no-such-channel', '/close'))).status).toBe(404);
  });

  test('reopen admits uploads and viewers again', async () => {
    const { id, owner } = await liveShow();
    await t.post(path(id, '/close'));
    await t.call(aec.uploading(id, owner));
    const res = await t.post(path(id, '/reopen'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as ActionResult).channel).toMatchObject({ lifecycle: 'open', closedBy: null });
    expect(await t.call(aec.applyUpload(id, owner))).toEqual({ status: '1', data: { conCurrentNumber: '0' } });
    expect(await t.call(aec.online(id, userId()))).toMatchObject({ status: '1' });
  });
});

describe('delete', () => {
  test('hides the channel, keeps it with includeDeleted=1 and keeps its bytes', async () => {
    const { id, viewer } = await liveShow();
    const res = await t.post(path(id, '/delete'));
    expect(res.status).toBe(200);
    expect(await row(id)).toBeUndefined();
    expect(await row(id, true)).toMatchObject({ state: 'deleted', bytes: 1000, viewers: 0, uploaders: 0 });
    expect(await t.call(aec.playing(id, viewer, 50))).toEqual(denied('channelNotOpen'));
    const detail = await t.get<ChannelDetail>(path(id));
    expect(detail.recentEvents.some((e) => e.action === 'operator:delete')).toBe(true);
    // A deleted channel is not reopened: the media server forgot it.
    const reopen = await t.post(path(id, '/reopen'));
    expect(reopen.status).toBe(409);
    expect(await reopen.json()).toMatchObject({ code: 'conflict' });
  });

  test('the media server may create the same id again; its traffic is still counted on it', async () => {
    const { id, owner } = await liveShow();
    await t.post(path(id, '/delete'));
    expect(await t.call(aec.createGlobal(id, owner))).toMatchObject({ status: '1' });
    expect(await row(id)).toMatchObject({ state: 'idle', lifecycle: 'open', bytes: 1000 });
  });
});

describe('capacity', () => {
  test('a capacity set by the operator refuses the viewer past it, and APPLY_UPLOAD tells it', async () => {
    const { id, owner } = await liveShow();
    const res = await t.post(path(id, '/capacity'), { capacity: 2 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ActionResult).channel.capacity).toBe(2);
    expect(await t.call(aec.online(id, userId()))).toMatchObject({ status: '1' });
    expect(await t.call(aec.online(id, userId()))).toEqual(denied('channelFull'));
    expect(await t.call(aec.applyUpload(id, owner))).toEqual({ status: '1', data: { conCurrentNumber: '2' } });
  });

  test('a bad capacity is a 400 with a reason and changes nothing', async () => {
    const { id } = await liveShow('5');
    for (const capacity of [-1, 1.5, '3', 10_000_000, null]) {
      const res = await t.post(path(id, '/capacity'), { capacity });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/capacity/);
    }
    expect((await row(id))?.capacity).toBe(5);
  });

  test('viewers arriving all at once never exceed the capacity', async () => {
    const { id } = await liveShow('6'); // one viewer already in
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => t.call(aec.online(id, `rush-${i}`), i % 2 ? 'starrtc' : 'get')));
    expect(replies.filter((r) => r.status === '1')).toHaveLength(5);
    expect(replies.filter((r) => r.status === '0')).toEqual(Array.from({ length: 15 }, () => denied('channelFull')));
    expect((await row(id))?.viewers).toBe(6);
  });

  test('a capacity sent at creation is enforced', async () => {
    const { id } = await liveShow('1');
    expect(await t.call(aec.online(id, userId()))).toEqual(denied('channelFull'));
  });
});

describe('kick', () => {
  test('the kicked viewer is shown so and told "0" at the next PLAYING; others go on', async () => {
    const { id, viewer } = await liveShow();
    const other = userId();
    await t.call(aec.online(id, other));
    const res = await t.post(path(id, `/viewers/${encodeURIComponent(viewer)}/kick`));
    expect(res.status).toBe(200);
    const before = await t.get<ChannelDetail>(path(id));
    expect(before.sessions.find((s) => s.userId === viewer)?.state).toBe('kicked');
    expect(await t.call(aec.playing(id, viewer, 70))).toEqual(denied('viewerKicked'));
    expect(await t.call(aec.playing(id, other, 30))).toMatchObject({ status: '1' });
    const after = await t.get<ChannelDetail>(path(id));
    expect(after.sessions.map((s) => s.userId)).toEqual([other]);
    expect(after.channel.bytes).toBe(1100);
  });

  test('a kicked viewer who comes back with ONLINE gets one consistent answer', async () => {
    // Admitting him ("1") and then stopping him at his next PLAYING ("0") starts a stream
    // only to cut it: either the kick refuses the ONLINE or the new ONLINE ends the kick.
    const { id, viewer } = await liveShow();
    await t.post(path(id, `/viewers/${encodeURIComponent(viewer)}/kick`));
    const online = await t.call(aec.online(id, viewer));
    const playing = await t.call(aec.playing(id, viewer, 10));
    expect({ online: online.status, playing: playing.status }).toEqual({ online: online.status, playing: online.status });
  });

  test('kicking someone who is not watching is a 404', async () => {
    const { id } = await liveShow();
    expect((await t.post(path(id, '/viewers/nobody/kick'))).status).toBe(404);
  });
});
