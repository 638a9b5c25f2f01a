// The operator's side of chat rooms, groups and calls: what the admin API shows, what its levers
// do, and when the media server learns of them.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, CallMinutesReport, CallRow, ChatRoomDetail, ChatRoomRow, FamilyActionResult, GroupDetail, GroupRow, StreamEvents } from '../../server/contract';
import { aec, denied, nextReportTs } from '../support/aec-client';
import { startHarness, type Harness } from '../support/harness';
import { openStream, type MergedRows } from '../support/sse';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const ts = (): string => String(Math.floor(Date.now() / 1000));
const createRoom = (roomId: string, userId: string, conCurrentNumber = '100') =>
  t.call({ ts: ts(), action: 'AEC_CHATROOM_CREATE', userId, roomId, roomType: 'CHAT_ROOM_TYPE_LOGIN', conCurrentNumber, userDefineData: 'Q%26A' });
const isExist = (roomId: string, userId = 'joiner') => t.call({ ts: ts(), action: 'AEC_CHATROOM_IS_EXIST', userId, roomId });

describe('chat rooms', () => {
  test('the list and the page: name decoded, limit clamped, linked channel, IS_EXIST counted', async () => {
    await createRoom('a4a8_Families_R1', 'host-1', '0');
    await t.call({ ...aec.createGlobal('Wz@Families_Ch01', 'host-1'), roomId: 'a4a8_Families_R1' });
    expect(await isExist('a4a8_Families_R1')).toEqual({ status: '1', data: 'host-1,100' });
    const rows = await t.get<ChatRoomRow[]>('/api/chatrooms');
    expect(rows.find((r) => r.id === 'a4a8_Families_R1')).toMatchObject({
      name: 'Q&A',
      type: 'LOGIN',
      limit: 100,
      requestedLimit: 0,
      state: 'active',
      linkedChannelId: 'Wz@Families_Ch01',
      askedCount: 1,
    });
    const detail = await t.get<ChatRoomDetail>('/api/chatrooms/a4a8_Families_R1');
    expect(detail.linkedChannel?.id).toBe('Wz@Families_Ch01');
    expect(detail.recentEvents.map((e) => e.action)).toContain('AEC_CHATROOM_IS_EXIST');
    expect((await t.admin('/api/chatrooms/nope')).status).toBe(404);
  });

  test('a room never seen is adopted at its first IS_EXIST and flagged', async () => {
    expect(await isExist('a4a8_Families_R2', 'early-fan')).toEqual({ status: '1', data: 'aec-monitor,100' });
    const rows = await t.get<ChatRoomRow[]>('/api/chatrooms');
    expect(rows.find((r) => r.id === 'a4a8_Families_R2')).toMatchObject({ state: 'adopted', creator: 'aec-monitor' });
  });

  test('the operator changes the limit, told at the next IS_EXIST; a limit of 0 is refused', async () => {
    await createRoom('a4a8_Families_R3', 'host-3');
    const bad = await t.post('/api/chatrooms/a4a8_Families_R3/limit', { limit: 0 });
    expect(bad.status).toBe(400);
    const res = await t.post('/api/chatrooms/a4a8_Families_R3/limit', { limit: 12 });
    expect(res.status).toBe(200);
    const result = (await res.json()) as FamilyActionResult<ChatRoomRow>;
    expect(result.row.limit).toBe(12);
    expect(result.message).toMatch(/next asks/);
    expect(await isExist('a4a8_Families_R3')).toEqual({ status: '1', data: 'host-3,12' });
  });

  test('the operator deletes a room: its next IS_EXIST is refused, and the audit says who', async () => {
    await createRoom('a4a8_Families_R4', 'host-4');
    const res = await t.post('/api/chatrooms/a4a8_Families_R4/delete');
    expect(res.status).toBe(200);
    expect(((await res.json()) as FamilyActionResult<ChatRoomRow>).row).toMatchObject({ state: 'deleted', deletedBy: 'operator' });
    expect(await isExist('a4a8_Families_R4')).toEqual(denied('chatRoomDeleted', 'chatroom'));
    expect((await t.get<ChatRoomRow[]>('/api/chatrooms')).map((r) => r.id)).not.toContain('a4a8_Families_R4');
    expect((await t.get<ChatRoomRow[]>('/api/chatrooms?includeDeleted=1')).map((r) => r.id)).toContain('a4a8_Families_R4');
    const audit = await t.get<AuditEntry[]>('/api/audit?action=operator:deleteChatRoom');
    expect(audit[0]).toMatchObject({ channelId: 'a4a8_Families_R4', decision: 'operator' });
  });
});

describe('groups', () => {
  test('the list and the page: members, do-not-disturb and the creator', async () => {
    const created = await t.call({ ts: ts(), action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'owner,m1,m2', userDefineData: 'Crew' });
    const id = created.data as string;
    expect(id).toMatch(/^\d+$/);
    await t.call({ ts: ts(), action: 'AEC_SET_GROUP_PUSH_IGNORE', userId: 'm1', groupId: id });
    const rows = await t.get<GroupRow[]>('/api/groups');
    expect(rows.find((r) => r.id === id)).toMatchObject({ name: 'Crew', creator: 'owner', members: 3, ignoring: 1, state: 'active' });
    const detail = await t.get<GroupDetail>(`/api/groups/${id}`);
    expect(detail).toMatchObject({ members: ['owner', 'm1', 'm2'], ignore: ['m1'] });
    expect((await t.admin('/api/groups/999999999')).status).toBe(404);
  });
});

describe('calls', () => {
  test('active first, minutes counted; the operator ends one at its next minute report', async () => {
    await t.call({ ts: ts(), action: 'AEC_VOIP_USER_ONLINE', userId: 'caller-1', userId2: 'callee-1', time: ts() });
    await t.call({ ts: nextReportTs(), action: 'AEC_VOIP_USER_PLAYING', userId: 'caller-1', userId2: 'callee-1', time: ts() });
    const call = (await t.get<CallRow[]>('/api/calls')).find((c) => c.caller === 'caller-1');
    expect(call).toMatchObject({ callee: 'callee-1', minutes: 1, state: 'active' });
    const res = await t.post(`/api/calls/${call!.id}/end`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as FamilyActionResult<CallRow>).row.state).toBe('ending');
    expect(await t.call({ ts: nextReportTs(), action: 'AEC_VOIP_USER_PLAYING', userId: 'caller-1', userId2: 'callee-1', time: ts() })).toEqual({
      status: '0',
      data: '99',
    });
    const ended = (await t.get<CallRow[]>('/api/calls')).find((c) => c.id === call!.id);
    expect(ended).toMatchObject({ state: 'ended', endReason: 'operator', minutes: 1 });
    expect((await t.post(`/api/calls/${call!.id}/end`)).status).toBe(409);
    expect((await t.post('/api/calls/424242/end')).status).toBe(404);
  });

  test('call minutes per hour and per user', async () => {
    const report = await t.get<CallMinutesReport>('/api/calls/minutes?range=24h');
    expect(report.points).toHaveLength(24);
    expect(report.points.reduce((sum, p) => sum + p.minutes, 0)).toBeGreaterThanOrEqual(1);
    expect(report.topUsers.map((u) => u.userId)).toEqual(expect.arrayContaining(['caller-1', 'callee-1']));
    expect((await t.admin('/api/calls/minutes?range=2y')).status).toBe(400);
  });
});

describe('the live stream follows the topics a page asks for', () => {
  test('a calls page gets call rows and no audit; a channels page gets no call rows', async () => {
    const calls = await openStream(new URL('/api/stream?topics=calls', t.app.adminUrl).href, t.app.adminToken);
    const channels = await openStream(new URL('/api/stream?topics=channels', t.app.adminUrl).href, t.app.adminToken);
    try {
      const snapshot = (await calls.next()).data as StreamEvents['snapshot'];
      expect(snapshot.calls).toBeDefined();
      expect(snapshot.channels).toBeUndefined();
      await channels.next();
      await t.call({ ts: ts(), action: 'AEC_VOIP_USER_ONLINE', userId: 'caller-2', userId2: 'callee-2', time: ts() });
      const rows = (await calls.until('calls', (data) => (data as MergedRows<CallRow>).rows.some((r) => r.caller === 'caller-2'))) as MergedRows<CallRow>;
      expect(rows.rows.find((r) => r.caller === 'caller-2')).toMatchObject({ state: 'active' });
      await expect(channels.until('calls', () => true, 1500)).rejects.toThrow();
      await expect(calls.until('audit', () => true, 1500)).rejects.toThrow();
    } finally {
      calls.close();
      channels.close();
    }
    expect((await t.admin('/api/stream?topics=weather')).status).toBe(400);
  });
});

describe('the audit log by family', () => {
  test('family=chatroom gives chat-room callbacks only; an unknown family is a 400', async () => {
    await createRoom('a4a8_Families_Audit', 'host-9');
    await t.call({ ts: ts(), action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'host-9' });
    const rooms = await t.get<AuditEntry[]>('/api/audit?family=chatroom&limit=500');
    expect(rooms.length).toBeGreaterThan(0);
    expect(rooms.every((entry) => entry.action.startsWith('AEC_CHATROOM_'))).toBe(true);
    const push = await t.get<AuditEntry[]>('/api/audit?family=push');
    expect(push.map((entry) => entry.action)).toContain('AEC_MSG_SERVER_GET_PUSH_MODE');
    expect((await t.admin('/api/audit?family=rooms')).status).toBe(400);
  });
});
