// Forward mode watches everything: what the eventCenter answered is applied to our state, so
// the dashboard shows rooms, groups, calls and channels the eventCenter owns, with what only its
// replies tell (a room's creator and limit, a group's id, its members, a user's push mode).

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AuditEntry, CallRow, ChannelRow, ChatRoomDetail, GroupDetail } from '../../server/contract';
import { aec, channelId, nextReportTs } from '../support/aec-client';
import { startForwardPair, type ForwardPair } from '../support/forward';

let f: ForwardPair;
beforeEach(async () => {
  f = await startForwardPair({}, { cutCallsAfterMinutes: 3, refusedUsers: new Set(['broke']) });
});
afterEach(() => f.stop());

describe('chat rooms', () => {
  test("IS_EXIST teaches a room's creator and limit that only the eventCenter knew", async () => {
    f.up.book.rooms.set('a4a8_Old_Room1', { creator: '892500', limit: 100 });
    expect(await f.send({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'joiner', roomId: 'a4a8_Old_Room1' })).toBe('{"status":"1","data":"892500,100"}');
    const detail = await f.t.get<ChatRoomDetail>('/api/chatrooms/a4a8_Old_Room1');
    // First seen at IS_EXIST (created before us), with the eventCenter's creator, not a placeholder.
    expect(detail.room).toMatchObject({ creator: '892500', limit: 100, state: 'adopted' });
  });

  test('a create and a delete the eventCenter allowed show as they happened; a room it does not know is not invented', async () => {
    await f.send({ action: 'AEC_CHATROOM_CREATE', userId: 'host', roomId: 'a4a8_New_Room1', roomType: '1', conCurrentNumber: '40' });
    expect((await f.t.get<ChatRoomDetail>('/api/chatrooms/a4a8_New_Room1')).room).toMatchObject({ creator: 'host', limit: 40 });
    await f.send({ action: 'AEC_CHATROOM_DELETE', userId: 'host', roomId: 'a4a8_New_Room1' });
    expect((await f.t.get<ChatRoomDetail>('/api/chatrooms/a4a8_New_Room1')).room.state).toBe('deleted');
    await f.send({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'joiner', roomId: 'a4a8_Nobody_Knows' });
    expect((await f.t.admin('/api/chatrooms/a4a8_Nobody_Knows')).status).toBe(404);
  });
});

describe('groups', () => {
  test("the new group's id is the eventCenter's, learned from its reply", async () => {
    expect(await f.send({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'm1,m2', userDefineData: 'team' })).toBe('{"status":"1","data":"100462"}');
    const detail = await f.t.get<GroupDetail>('/api/groups/100462');
    expect(detail.group.creator).toBe('owner');
    expect(detail.members).toEqual(['owner', 'm1', 'm2']);
  });

  test('a SYNC_ALL snapshot replaces the members we had, it does not merge; plain deltas apply when allowed', async () => {
    await f.send({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'm1,m2' });
    await f.send({ action: 'AEC_GROUP_ADD_USER', userId: 'owner', groupId: '100462', addUsers: 'm3' });
    expect((await f.t.get<GroupDetail>('/api/groups/100462')).members).toEqual(['owner', 'm1', 'm2', 'm3']);
    // Changed at the eventCenter behind our back (its own API): the snapshot is the truth.
    f.up.book.groups.get('100462')!.members = ['owner', 'm9'];
    f.up.book.groups.get('100462')!.ignore = ['m9'];
    expect(await f.send({ action: 'AEC_GROUP_SYNC_ALL', groupId: '100462' })).toBe('{"status":"1","data":{"groupList":"owner,m9","ignoreList":"m9"}}');
    const detail = await f.t.get<GroupDetail>('/api/groups/100462');
    expect(detail.members).toEqual(['owner', 'm9']);
    expect(detail.ignore).toEqual(['m9']);
  });

  test("a group the eventCenter had before us is learned at its first snapshot; the reference's empty snapshot (no groupList) changes nothing", async () => {
    f.up.book.groups.set('5000', { creator: 'old', members: ['old', 'x'], ignore: [] });
    await f.send({ action: 'AEC_GROUP_ADD_USER_AND_SYNC_ALL', userId: 'old', groupId: '5000', addUsers: 'y' });
    expect((await f.t.get<GroupDetail>('/api/groups/5000')).members).toEqual(['old', 'x', 'y']);
    f.up.book.groups.set('5000', { creator: 'old', members: [], ignore: [] });
    expect(await f.send({ action: 'AEC_GROUP_SYNC_ALL', groupId: '5000' })).toBe('{"status":"1","data":{}}');
    expect((await f.t.get<GroupDetail>('/api/groups/5000')).members).toEqual(['old', 'x', 'y']);
    expect((await f.upstream()).unreadableReplies).toBe(1);
  });
});

describe('calls and lives', () => {
  test("a call the eventCenter cuts (the reference's minute cap) ends here too, attributed to it", async () => {
    const call = { userId: 'a', userId2: 'b' };
    await f.send({ action: 'AEC_VOIP_USER_ONLINE', ...call });
    await f.send({ action: 'AEC_VOIP_USER_PLAYING', ...call, ts: nextReportTs() });
    await f.send({ action: 'AEC_VOIP_USER_PLAYING', ...call, ts: nextReportTs() });
    expect(await f.send({ action: 'AEC_VOIP_USER_PLAYING', ...call, ts: nextReportTs() })).toBe('{"status":"0","data":10001}');
    const row = (await f.t.get<CallRow[]>('/api/calls')).find((c) => c.caller === 'a')!;
    expect(row).toMatchObject({ state: 'ended', endReason: 'denied', minutes: 3 });
    const [entry] = await f.t.get<AuditEntry[]>('/api/audit?action=AEC_VOIP_USER_PLAYING');
    expect(entry!.reason).toMatch(/denied by upstream: code 10001.*ended by the eventCenter/);
  });

  test('a live the eventCenter allows shows with its uploader and viewers; a viewer it refuses is not counted as watching', async () => {
    const channel = channelId();
    await f.send(aec.createGlobal(channel, 'host'));
    await f.send(aec.uploading(channel, 'host'));
    await f.send(aec.playing(channel, 'fan', 2048));
    expect(await f.send(aec.playing(channel, 'broke', 1024))).toBe('{"status":"0","data":10001}');
    const rows = await f.t.get<ChannelRow[]>('/api/channels');
    expect(rows.find((row) => row.id === channel)).toMatchObject({ uploaders: 1, viewers: 1, state: 'live' });
  });

  test('the push mode the eventCenter keeps is learned, and answered from our mirror while it is down', async () => {
    f.up.book.pushModes.set('sleepy', 3);
    await f.send({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'sleepy' });
    await f.up.close();
    expect(await f.send({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'sleepy' })).toBe('{"status":"1","data":"3"}');
  });
});
