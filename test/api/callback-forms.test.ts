// Every live action through each of the three request forms the listener accepts, against
// the real callback listener; the outcome is read back through the admin API.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChannelDetail, ChannelRow } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, sendData, userId, WIRE_FORMS, type WireForm, denied } from '../support/aec-client';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const ch = (id: string) => `/api/channels/${encodeURIComponent(id)}`;

describe.each(WIRE_FORMS)('every live action sent as %s', (form: WireForm) => {
  test('each action gets the right answer and lands in the state', async () => {
    const [global, login, group, loginSpecify, groupSpecify, broadcast, proxy] = Array.from({ length: 7 }, channelId);
    const owner = userId();
    const guest = userId();
    const viewer = userId();
    const viewer2 = userId();
    const send = (payload: Record<string, unknown>) => t.call(payload, form);
    const ok = { status: '1' };

    expect(await send(aec.createGlobal(global!, owner, '100', 'global show'))).toMatchObject(ok);
    expect(await send({ ...aec.createGlobal(login!, owner), action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC' })).toMatchObject(ok);
    expect(await send(aec.createGroup(group!, owner, '1001'))).toMatchObject(ok);
    const specify = { ...aec.createGlobal(loginSpecify!, owner), action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY', specify: viewer };
    expect(await send(specify)).toMatchObject(ok);
    const groupSpec = { ...aec.createGroup(groupSpecify!, owner, '1002'), action: 'AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY', specify: `${viewer},${viewer2}` };
    expect(await send(groupSpec)).toMatchObject(ok);
    expect(await send({ ...aec.createGlobal(broadcast!, owner), action: 'AEC_LIVE_CREATE_CHANNEL_BROADCAST', listType: '9' })).toMatchObject(ok);
    const proxyCreate = { ts: '1561542285', action: 'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC', roomId: 'a4aDZfdwsWuTLFkD', listType: '2', channelId: proxy, conCurrentNumber: '100', extra: '222' };
    expect(await send(proxyCreate)).toMatchObject(ok);

    // Upload right granted, used, revoked: the next UPLOADING is told to stop.
    expect(await send(aec.channelUser('AEC_LIVE_SET_CHANNEL_UPLOADER', login!, guest))).toMatchObject(ok);
    expect(await send(aec.applyUpload(login!, guest))).toEqual({ status: '1', data: { conCurrentNumber: '0' } });
    expect(await send(aec.channelUser('AEC_LIVE_UNSET_CHANNEL_UPLOADER', login!, guest))).toMatchObject(ok);
    expect(await send(aec.uploading(login!, guest))).toEqual(denied('uploadRevoked'));

    expect(await send(aec.applyUpload(global!, owner))).toEqual({ status: '1', data: { conCurrentNumber: '100' } });
    expect(await send(aec.uploading(global!, owner))).toMatchObject(ok);
    expect(await send(aec.online(global!, viewer))).toMatchObject(ok);
    expect(await send(aec.channelUser('AEC_LIVE_APPLY_DOWNLOAD_CHANNEL', global!, viewer2))).toMatchObject(ok);
    expect(await send(aec.playing(global!, viewer, 1000))).toMatchObject(ok);
    expect(await send(aec.playing(global!, viewer2, 250))).toMatchObject(ok);

    const live = await t.get<ChannelDetail>(ch(global!));
    expect(live.channel).toMatchObject({ state: 'live', viewers: 2, uploaders: 1, bytes: 1250, capacity: 100, name: 'global show' });

    expect(await send(aec.offline(global!, viewer, 500))).toMatchObject(ok);
    expect(await send(aec.channelUser('AEC_LIVE_UPLOADER_DISCONNECT', global!, owner))).toMatchObject(ok);
    const idle = await t.get<ChannelDetail>(ch(global!));
    expect(idle.channel).toMatchObject({ state: 'idle', viewers: 1, uploaders: 0, bytes: 1750 });
    expect(idle.sessions.map((s) => s.userId)).toEqual([viewer2]);

    // SPECIFY channels admit only their list.
    expect(await send(aec.online(loginSpecify!, viewer))).toMatchObject(ok);
    expect(await send(aec.online(loginSpecify!, viewer2))).toEqual(denied('notOnSpecifyList'));
    expect(await send(aec.applyUpload(groupSpecify!, owner))).toEqual({ status: '1', data: { conCurrentNumber: '0', groupId: '1002' } });

    expect(await send({ ts: '1', action: 'AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL', channelId: proxy })).toEqual({ status: '1', data: { conCurrentNumber: '100' } });
    expect((await t.get<ChannelDetail>(ch(proxy!))).channel.state).toBe('live');
    expect(await send({ action: 'AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL', channelId: proxy })).toMatchObject(ok);
    expect((await t.get<ChannelDetail>(ch(proxy!))).channel.state).toBe('closed');
    expect(await send({ action: 'AEC_LIVE_LIVEPROXY_DELETE_CHANNEL', channelId: proxy })).toMatchObject(ok);

    const list = await send({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1,9' });
    expect(list.status).toBe('1');
    const ids = String((list.data as Record<string, string>).channelIdList).split(',');
    expect(ids).toEqual(expect.arrayContaining([global, login, broadcast]));
    expect(ids).not.toContain(proxy);
    expect(await send({ action: 'AEC_ACCESS_VALIDATION', echostr: `echo-${form}`, timestamp: '1561083201', nonce: '42' })).toEqual({ status: '1', data: `echo-${form}` });

    // A user's close or delete is honoured for the creator only.
    expect(await send(aec.channelUser('AEC_LIVE_CLOSE_CHANNEL', global!, guest))).toEqual(denied('notCreator'));
    expect(await send(aec.channelUser('AEC_LIVE_CLOSE_CHANNEL', global!, owner))).toMatchObject(ok);
    expect(await send(aec.channelUser('AEC_LIVE_DELETE_CHANNEL', broadcast!, owner))).toMatchObject(ok);

    const rows = await t.get<ChannelRow[]>('/api/channels?includeDeleted=1');
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(global!)).toMatchObject({ state: 'closed', closedBy: `user:${owner}`, bytes: 1750, viewers: 0 });
    expect(byId.get(broadcast!)).toMatchObject({ type: 'BROADCAST', state: 'deleted', listType: 9 });
    expect(byId.get(proxy!)).toMatchObject({ type: 'LIVEPROXY', state: 'deleted', owner: null, closedBy: 'proxy' });
    expect(byId.get(group!)).toMatchObject({ type: 'GROUP_PUBLIC', groupId: '1001', owner });
    expect(byId.get(login!)).toMatchObject({ type: 'LOGIN_PUBLIC', state: 'idle' });
    const specifyDetail = await t.get<ChannelDetail>(ch(groupSpecify!));
    expect(specifyDetail.specify).toEqual([viewer, viewer2]);
    expect((await t.get<ChannelDetail>(ch(login!))).grantedUploaders).toEqual([]);
  });
});

describe('encodings the media servers use', () => {
  test.each(['get', 'form'] as const)('data URL-encoded twice (%s) is decoded once more', async (form) => {
    const id = channelId();
    const owner = userId();
    const twice = encodeURIComponent(JSON.stringify(aec.createGlobal(id, owner, '7')));
    const raw = await sendData(t.callbackUrl, twice, form);
    expect(raw.httpStatus).toBe(200);
    expect(JSON.parse(raw.text)).toMatchObject({ status: '1' });
    expect((await t.get<ChannelDetail>(ch(id))).channel).toMatchObject({ owner, capacity: 7 });
  });

  test('numbers sent as strings are parsed; real JSON numbers too', async () => {
    const [a, b] = [channelId(), channelId()];
    const owner = userId();
    expect(await t.call({ ...aec.createGlobal(a, owner), conCurrentNumber: ' 250 ' })).toMatchObject({ status: '1' });
    expect(await t.call({ ...aec.createGlobal(b, owner), conCurrentNumber: 3, listType: 1 }, 'json')).toMatchObject({ status: '1' });
    expect(await t.call(aec.online(a, '42'))).toMatchObject({ status: '1' });
    expect(await t.call({ ...aec.playing(a, '42', 0), discharge: '123456789012' })).toMatchObject({ status: '1' });
    expect(await t.call({ ...aec.playing(a, '42', 0), discharge: 8 }, 'json')).toMatchObject({ status: '1' });
    expect((await t.get<ChannelDetail>(ch(a))).channel).toMatchObject({ capacity: 250, bytes: 123456789020 });
    expect((await t.get<ChannelDetail>(ch(b))).channel).toMatchObject({ capacity: 3, listType: 1 });
  });

  test('ids with @ _ - are kept verbatim and addressable in the admin API', async () => {
    const id = 'Wz@NWuVj8Tx5_a-a';
    const owner = 'user_1-a@studio';
    expect(await t.call({ ...aec.createGlobal(id, owner), roomId: 'a4a8_KS9sWt36ttn' }, 'form')).toMatchObject({ status: '1' });
    expect(await t.call(aec.online(id, 'fan@x_y-z'), 'json')).toMatchObject({ status: '1' });
    const detail = await t.get<ChannelDetail>(ch(id));
    expect(detail.channel).toMatchObject({ id, owner, roomId: 'a4a8_KS9sWt36ttn', viewers: 1 });
    expect(detail.sessions[0]?.userId).toBe('fan@x_y-z');
  });

  test('any path is the callback path; /healthz answers', async () => {
    const payload = { action: 'AEC_ACCESS_VALIDATION', echostr: 'p' };
    for (const path of ['aec', 'eventCenter.php', 'deep/a/b?x=1']) {
      const raw = await sendData(t.callbackUrl, JSON.stringify(payload), 'get', { path });
      expect(raw).toEqual({ httpStatus: 200, text: '{"status":"1","data":"p"}' });
    }
    const health = await fetch(new URL('healthz', t.callbackUrl));
    expect(health.status).toBe(200);
  });
});
