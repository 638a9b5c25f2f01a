// Forward mode on the wire: the eventCenter gets the media server's request byte for byte, the
// media server gets the eventCenter's reply byte for byte, except a reply that would crash it
// (always rewritten) and, when the operator asks, replies 2.9.6 cannot read (normalised). The
// operator's levers answer first and keep stateful or billable actions from the eventCenter.

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AuditEntry, CallRow } from '../../server/contract';
import { computeSign } from '../../server/protocol';
import { readMediaServerReply } from '../../server/protocol/media-server-reply';
import { buildData, formBody } from '../../server/simulator/wire';
import { aec, channelId, denied, sendData, userId } from '../support/aec-client';
import { startForwardPair, type ForwardPair } from '../support/forward';

let f: ForwardPair;
beforeEach(async () => {
  f = await startForwardPair();
});
afterEach(() => f.stop());

const actionsSeen = (): (string | null)[] => f.up.received.map((r) => r.action);

describe('pass-through', () => {
  test('the eventCenter receives the request exactly as the media server sent it: method, body with sign, content type', async () => {
    const data = buildData('AEC_CHATROOM_CREATE', 1_796_000_000, { userId: 'u-1', roomId: 'a4a8_Fwd_R1', roomType: '1', conCurrentNumber: '7', userDefineData: '%7B%22n%22%3A1%7D' });
    await sendData(f.t.callbackUrl, data);
    const getData = JSON.stringify({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'u-2' });
    await sendData(f.t.callbackUrl, getData, 'get');
    expect(f.up.received[0]).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded', body: formBody(data) });
    expect(f.up.received[1]!.method).toBe('GET');
    expect(f.up.received[1]!.body).toBe(new URLSearchParams({ data: getData, sign: computeSign(getData) }).toString());
  });

  test("a query in the eventCenter's URL (a key, say) is kept, the media server's GET query after it", async () => {
    await f.setting({ upstreamAec: `${f.up.url}?key=abc` });
    const getData = JSON.stringify({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'u-7' });
    await sendData(f.t.callbackUrl, getData, 'get');
    expect(f.up.received[0]!.body).toBe(`key=abc&${new URLSearchParams({ data: getData, sign: computeSign(getData) }).toString()}`);
  });

  test("the eventCenter's reply goes back byte for byte, also replies 2.9.6 cannot read (normalising is off by default)", async () => {
    f.up.replyFor = (r) => (r.action === 'AEC_CHATROOM_IS_EXIST' ? 'Notice: undefined index in x.php\n{"status":"1","data":"892500,100"}' : undefined);
    expect(await f.send({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'u-3', roomId: 'a4a8_Fwd_R2' })).toBe('Notice: undefined index in x.php\n{"status":"1","data":"892500,100"}');
    // The reference answers a push mode as a JSON number: passed on, and counted as unreadable.
    expect(await f.send({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'u-3' })).toBe('{"status":"1","data":2}');
    expect(await f.send({ action: 'AEC_GROUP_SYNC_ALL', groupId: '999' })).toBe('{"status":"0","data":10001}');
    expect((await f.upstream()).unreadableReplies).toBe(2);
  });

  test('normalising rewrites what 2.9.6 cannot parse, counts it, and never turns the numeric 10001 into the index "10001"', async () => {
    await f.setting({ normaliseUpstreamReplies: true });
    expect(await f.send({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'u-4' })).toBe('{"status":"1","data":"2"}');
    const deny = await f.send({ action: 'AEC_GROUP_SYNC_ALL', groupId: '999' });
    expect(JSON.parse(deny)).toEqual(denied('upstreamDenied', 'group'));
    expect(readMediaServerReply(deny)).toMatchObject({ kind: 'failure', name: 'AECERRID_AEC_AUTH_FAILED' });
    f.up.replyFor = (r) => (r.action === 'AEC_CHATROOM_IS_EXIST' ? '{"status": 1, "data": "u-9,50"}' : r.action === 'AEC_GROUP_DEL' ? '{"status":"0","data":24}' : undefined);
    expect(await f.send({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'u-4', roomId: 'a4a8_Fwd_R3' })).toBe('{"status":"1","data":"u-9,50"}');
    // An index inside the table, sent as a number, keeps its meaning.
    expect(await f.send({ action: 'AEC_GROUP_DEL', userId: 'u-4', groupId: '1' })).toBe('{"status":"0","data":"24"}');
    const health = await f.upstream();
    expect(health.rewrittenReplies).toBe(4);
    expect(health.unreadableReplies).toBe(0);
  });

  test('a reply that would crash the media server ("10001" as a string index) is rewritten even without normalising, and flagged', async () => {
    f.up.replyFor = () => '{"status":"0","data":"10001"}';
    const reply = await f.send(aec.createGlobal(channelId(), userId()));
    expect(JSON.parse(reply)).toEqual(denied('upstreamDenied'));
    expect((await f.upstream()).dangerousReplies).toBe(1);
    const [entry] = await f.t.get<AuditEntry[]>('/api/audit?action=AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC');
    expect(entry!.reason).toMatch(/denied by upstream: code 10001/);
    expect(entry!.reason).toMatch(/DANGEROUS/);
  });

  test("a '0' from the eventCenter is shown as 'denied by upstream' with its reply", async () => {
    await f.send({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'u-5', roomId: 'a4a8_Fwd_None' });
    const [entry] = await f.t.get<AuditEntry[]>('/api/audit?action=AEC_CHATROOM_IS_EXIST');
    expect(entry).toMatchObject({ decision: 'deny' });
    expect(entry!.reason).toContain('denied by upstream: code 10001 (reply {"status":"0","data":10001})');
  });

  test('a callback we cannot read still reaches the eventCenter, which may know it', async () => {
    const data = JSON.stringify({ action: 'AEC_LIVE_APPLY_UPLOAD_CHANNEL', userId: 'u-6' }); // no channelId
    const raw = await sendData(f.t.callbackUrl, data);
    expect(raw.text).toBe('{"status":"1","data":{"conCurrentNumber":"1000"}}');
    expect(actionsSeen()).toEqual(['AEC_LIVE_APPLY_UPLOAD_CHANNEL']);
  });
});

describe("the operator's levers on top", () => {
  test('a closed channel refuses uploads and viewers here, without asking the eventCenter; teardowns still reach it', async () => {
    const channel = channelId();
    const creator = userId();
    expect(JSON.parse(await f.send(aec.createGlobal(channel, creator)))).toMatchObject({ status: '1' });
    expect(JSON.parse(await f.send(aec.applyUpload(channel, creator)))).toEqual({ status: '1', data: { conCurrentNumber: '1000' } });
    expect((await f.t.post(`/api/channels/${channel}/close`)).status).toBe(200);
    const before = f.up.received.length;
    expect(JSON.parse(await f.send(aec.applyUpload(channel, creator)))).toEqual(denied('channelNotOpen'));
    expect(JSON.parse(await f.send(aec.online(channel, 'viewer-1')))).toEqual(denied('channelNotOpen'));
    expect(JSON.parse(await f.send(aec.playing(channel, 'viewer-1', 1000)))).toEqual(denied('channelNotOpen'));
    expect(f.up.received.length).toBe(before);
    await f.send(aec.offline(channel, 'viewer-1', 10));
    await f.send(aec.channelUser('AEC_LIVE_UPLOADER_DISCONNECT', channel, creator));
    expect(actionsSeen().slice(before)).toEqual(['AEC_LIVE_USER_OFFLINE', 'AEC_LIVE_UPLOADER_DISCONNECT']);
  });

  test('a banned user creates nothing at the eventCenter; a kicked viewer is not billed another minute', async () => {
    expect((await f.t.post('/api/bans', { userId: 'spammer', durationSeconds: null, reason: 'spam' })).status).toBe(201);
    expect(JSON.parse(await f.send({ action: 'AEC_CHATROOM_CREATE', userId: 'spammer', roomId: 'a4a8_Fwd_Ban', roomType: '1', conCurrentNumber: '10' }))).toEqual(denied('userBanned', 'chatroom'));
    expect(JSON.parse(await f.send({ action: 'AEC_GROUP_CREATE', userId: 'spammer', addUsers: 'a,b' }))).toEqual(denied('userBanned', 'group'));
    expect(actionsSeen()).toEqual([]);
    expect(f.up.book.rooms.has('a4a8_Fwd_Ban')).toBe(false);

    const channel = channelId();
    await f.send(aec.createGlobal(channel, 'host'));
    await f.send(aec.playing(channel, 'watcher', 500));
    expect((await f.t.post(`/api/channels/${channel}/viewers/watcher/kick`)).status).toBe(200);
    const before = f.up.received.length;
    expect(JSON.parse(await f.send(aec.playing(channel, 'watcher', 500)))).toEqual(denied('viewerKicked'));
    expect(f.up.received.length).toBe(before);
  });

  test('an ended call is refused at its next minute without billing it; its hang-up still reaches the eventCenter', async () => {
    const call = { userId: 'alice', userId2: 'bob' };
    await f.send({ action: 'AEC_VOIP_USER_ONLINE', ...call });
    await f.send({ action: 'AEC_VOIP_USER_PLAYING', ...call });
    const row = (await f.t.get<CallRow[]>('/api/calls')).find((c) => c.caller === 'alice')!;
    expect((await f.t.post(`/api/calls/${row.id}/end`)).status).toBe(200);
    expect(JSON.parse(await f.send({ action: 'AEC_VOIP_USER_PLAYING', ...call }))).toEqual(denied('callEnded', 'voip'));
    expect(f.up.book.callMinutes.get('alice->bob')).toBe(1);
    await f.send({ action: 'AEC_VOIP_USER_HANGUP', ...call, hangupUserId: 'alice' });
    expect(actionsSeen()).toEqual(['AEC_VOIP_USER_ONLINE', 'AEC_VOIP_USER_PLAYING', 'AEC_VOIP_USER_HANGUP']);
  });
});

test('standalone again when the eventCenter setting is cleared: nothing is forwarded any more', async () => {
  await f.setting({ upstreamAec: null });
  const reply = await f.send(aec.createGlobal(channelId(), userId()));
  expect(JSON.parse(reply)).toMatchObject({ status: '1' });
  expect(f.up.received).toEqual([]);
});
