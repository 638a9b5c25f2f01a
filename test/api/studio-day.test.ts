// A studio's day on the 2.9.6 wire, through every family: chat rooms, lives, groups, calls and
// push modes, with a kill -9 in the middle. Whatever was answered is there after the restart, and
// no group id is ever handed out twice, not even for creates in flight at the kill.

import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, test } from 'vitest';
import type { CallRow, ChatRoomRow, GroupDetail } from '../../server/contract';
import { aec, nextReportTs, sendCallback, type WireReply } from '../support/aec-client';
import { tempDataDir } from '../support/harness';
import { killServe, serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';

const TOKEN = 'studio-day-admin-token-0123456789';
const dirs: string[] = [];
const servers: ServeProcess[] = [];
afterAll(async () => {
  for (const server of servers) await killServe(server);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function start(dir: string): Promise<ServeProcess> {
  const server = await startServe(serveArgs(dir, [], TOKEN));
  servers.push(server);
  return server;
}

function client(server: ServeProcess) {
  const call = (payload: Record<string, unknown>): Promise<WireReply> => sendCallback(server.callbackUrl, payload);
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, server.adminUrl), { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  return { call, get };
}

const ts = (): string => String(Math.floor(Date.now() / 1000));
const room = (roomId: string, userId: string, name: string) => ({
  ts: ts(),
  action: 'AEC_CHATROOM_CREATE',
  userId,
  roomId,
  roomType: 'CHAT_ROOM_TYPE_PUBLIC',
  conCurrentNumber: '100',
  userDefineData: name,
});
const groupCreate = (userId: string, members: string[], name: string) => ({ ts: ts(), action: 'AEC_GROUP_CREATE', userId, addUsers: members.join(','), userDefineData: name });
const callPlaying = (caller: string, callee: string) => ({ ts: nextReportTs(), action: 'AEC_VOIP_USER_PLAYING', userId: caller, userId2: callee, time: ts() });

describe('a studio day with a kill -9 in the middle', () => {
  test('rooms, lives, groups, calls and push modes answered before the kill are all there after it', { timeout: 120_000 }, async () => {
    const dir = await tempDataDir('aec-studio-day-');
    dirs.push(dir);
    const first = await start(dir);
    const before = client(first);

    // The web SDK's live: its chat room first, then the channel; viewers first seen at PLAYING.
    expect(await before.call(room('a4a8_Studio_Day1', '892500', 'Morning "Live" show'))).toEqual({ status: '1', data: 'ok' });
    expect((await before.call({ ...aec.createGlobal('Wz@Studio_Day_01', '892500', '0', 'Morning'), roomId: 'a4a8_Studio_Day1', roomLiveType: '1' })).status).toBe('1');
    expect((await before.call(aec.uploading('Wz@Studio_Day_01', '892500'))).status).toBe('1');
    for (const fan of ['f1', 'f2', 'f3']) expect((await before.call(aec.playing('Wz@Studio_Day_01', fan, 1_000_000))).status).toBe('1');

    // IM: push modes at login, groups with their ids, a muted member.
    expect(await before.call({ ts: ts(), action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'f1' })).toEqual({ status: '1', data: '2' });
    expect((await before.call({ ts: ts(), action: 'AEC_MSG_SERVER_SET_PUSH_MODE', userId: 'f1', pushMode: '3' })).status).toBe('1');
    const groupIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await before.call(groupCreate('892500', ['892500', 'f1', 'f2'], `Fans ${i}`));
      expect(reply.status).toBe('1');
      groupIds.push(reply.data as string);
    }
    expect(new Set(groupIds).size).toBe(3);
    expect(await before.call({ ts: ts(), action: 'AEC_SET_GROUP_PUSH_IGNORE_AND_SYNC_ALL', userId: 'f2', groupId: groupIds[0] })).toEqual({
      status: '1',
      data: { groupList: '892500,f1,f2', ignoreList: 'f2' },
    });

    // A one-to-one call with two minutes.
    expect((await before.call({ ts: ts(), action: 'AEC_VOIP_USER_ONLINE', userId: 'f3', userId2: '892500', time: ts() })).status).toBe('1');
    for (let i = 0; i < 2; i++) expect((await before.call(callPlaying('f3', '892500'))).status).toBe('1');

    // Group creates in flight while the process is killed: whatever answered must survive.
    const inFlight = Array.from({ length: 30 }, (_, i) => before.call(groupCreate(`u${i}`, [`u${i}`, 'f1'], `Late ${i}`)).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 15));
    await killServe(first);
    const answered = (await Promise.all(inFlight)).flatMap((reply) => (reply?.status === '1' ? [reply.data as string] : []));

    const second = await start(dir);
    const after = client(second);
    // The chat room server restarted too: its joins ask us again.
    expect(await after.call({ ts: ts(), action: 'AEC_CHATROOM_IS_EXIST', userId: 'f1', roomId: 'a4a8_Studio_Day1' })).toEqual({ status: '1', data: '892500,100' });
    const rooms = await after.get<ChatRoomRow[]>('/api/chatrooms');
    expect(rooms.find((r) => r.id === 'a4a8_Studio_Day1')).toMatchObject({ name: 'Morning "Live" show', linkedChannelId: 'Wz@Studio_Day_01', askedCount: 1 });
    expect(await after.call({ ts: ts(), action: 'AEC_GROUP_SYNC_ALL', groupId: groupIds[0] })).toEqual({ status: '1', data: { groupList: '892500,f1,f2', ignoreList: 'f2' } });
    for (const id of [...groupIds, ...answered]) {
      const detail = await after.get<GroupDetail>(`/api/groups/${id}`);
      expect(detail.group.state).toBe('active');
    }
    expect(await after.call({ ts: ts(), action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'f1' })).toEqual({ status: '1', data: '3' });
    const calls = await after.get<CallRow[]>('/api/calls');
    expect(calls[0]).toMatchObject({ caller: 'f3', callee: '892500', minutes: 2, state: 'active' });

    // New ids never meet one handed out before the kill.
    const handedOut = new Set([...groupIds, ...answered]);
    for (let i = 0; i < 5; i++) {
      const fresh = (await after.call(groupCreate('892500', ['892500'], `After ${i}`))).data as string;
      expect(handedOut.has(fresh), fresh).toBe(false);
      handedOut.add(fresh);
    }
    expect(await stopServe(second)).toBe(0);
  });
});
