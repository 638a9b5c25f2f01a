// Forward mode when the eventCenter fails: refused, hanging, or answering garbage. Shows and
// calls keep running, teardowns are told to it later (exactly what was queued, in order), reads
// come from what we learned, and nothing is created that only it may create. The answer budget
// holds whatever it does.

import { afterEach, describe, expect, test } from 'vitest';
import type { AuditEntry, Notice } from '../../server/contract';
import type { UpstreamBehaviour } from '../../server/simulator/reference-upstream';
import { formBody } from '../../server/simulator/wire';
import { aec, channelId, dataOf, denied, sendData } from '../support/aec-client';
import { eventually, startForwardPair, type ForwardPair } from '../support/forward';

let f: ForwardPair | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

type Failure = 'refused' | Exclude<UpstreamBehaviour, 'normal'>;

async function fail(pair: ForwardPair, how: Failure): Promise<void> {
  if (how === 'refused') await pair.up.close();
  else pair.up.behaviour = how;
}

/** What the mirror knows before the eventCenter fails: a room, a group, a push mode, a live. */
async function learnSome(pair: ForwardPair, channel: string): Promise<void> {
  await pair.send({ action: 'AEC_CHATROOM_CREATE', userId: 'host', roomId: 'a4a8_Fb_Room', roomType: '1', conCurrentNumber: '30' });
  await pair.send({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'm1' });
  pair.up.book.pushModes.set('sleepy', 3);
  await pair.send({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'sleepy' });
  await pair.send(aec.createGlobal(channel, 'host'));
  await pair.send(aec.uploading(channel, 'host'));
}

describe.each<Failure>(['refused', 'hang', 'garbage', 'http500'])('eventCenter %s', (how) => {
  test('a fallback per kind of action, each in the audit log, the operator told once', async () => {
    f = await startForwardPair({ upstreamTimeoutMs: 300 });
    const notices: Notice[] = [];
    f.t.app.onNotice((notice) => notices.push(notice));
    const channel = channelId();
    await learnSome(f, channel);
    await fail(f, how);

    const json = async (payload: Record<string, unknown>): Promise<unknown> => JSON.parse(await f!.send(payload));
    // Reports and admissions keep the show running.
    expect(await json(aec.playing(channel, 'fan', 1000))).toEqual({ status: '1', data: 'ok' });
    expect(await json(aec.uploading(channel, 'host'))).toEqual({ status: '1', data: 'ok' });
    expect(await json(aec.applyUpload(channel, 'host'))).toMatchObject({ status: '1' });
    // A teardown is "1", and kept for the eventCenter.
    expect(await json({ action: 'AEC_VOIP_USER_HANGUP', userId: 'a', userId2: 'b', hangupUserId: 'a' })).toEqual({ status: '1', data: 'ok' });
    // Reads from the mirror; what it never learned is not invented.
    expect(await json({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'j', roomId: 'a4a8_Fb_Room' })).toEqual({ status: '1', data: 'host,30' });
    expect(await json({ action: 'AEC_CHATROOM_IS_EXIST', userId: 'j', roomId: 'a4a8_Fb_Never' })).toEqual(denied('chatRoomUnknown', 'chatroom'));
    expect(await json({ action: 'AEC_GROUP_SYNC_ALL', groupId: '100462' })).toEqual({ status: '1', data: { groupList: 'owner,m1' } });
    expect(await json({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'sleepy' })).toEqual({ status: '1', data: '3' });
    expect(await json({ action: 'AEC_MSG_SERVER_GET_PUSH_MODE', userId: 'nobody' })).toEqual({ status: '1', data: '2' });
    // Only the eventCenter creates and changes: no id minted here, the user retries.
    expect(await json({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'm2' })).toEqual(denied('upstreamUnavailable', 'group'));
    expect(await json({ action: 'AEC_CHATROOM_CREATE', userId: 'host', roomId: 'a4a8_Fb_Room2', roomType: '1', conCurrentNumber: '5' })).toEqual(denied('upstreamUnavailable', 'chatroom'));
    expect(await json({ action: 'AEC_GROUP_ADD_USER', userId: 'owner', groupId: '100462', addUsers: 'm3' })).toEqual(denied('upstreamUnavailable', 'group'));

    const health = await f.upstream();
    expect(health).toMatchObject({ ok: false, pendingReplays: 1, fallbacksPerMinute: 12 });
    expect(health.lastError).toMatch(how === 'refused' ? /refused/ : how === 'hang' ? /did not answer within/ : how === 'garbage' ? /not a reply/ : /HTTP 500/);
    const entries = await f.t.get<AuditEntry[]>('/api/audit?limit=40');
    expect(entries.filter((entry) => entry.reason.startsWith('decided by fallback'))).toHaveLength(12);
    expect(entries.filter((entry) => entry.action === 'upstream:down')).toHaveLength(1);
    expect(notices.filter((notice) => notice.kind === 'upstreamDown')).toHaveLength(1);
  });
});

test('with degraded creates on, a room is created while the eventCenter is down and told to it later; a group still is not', async () => {
  f = await startForwardPair();
  await f.setting({ upstreamDegradedCreates: true });
  await f.up.close();
  expect(JSON.parse(await f.send({ action: 'AEC_CHATROOM_CREATE', userId: 'host', roomId: 'a4a8_Degraded', roomType: '1', conCurrentNumber: '9' }))).toEqual({ status: '1', data: 'ok' });
  expect(JSON.parse(await f.send({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'x' }))).toEqual(denied('upstreamUnavailable', 'group'));
  await f.up.reopen();
  await eventually(async () => (await f!.upstream()).pendingReplays === 0);
  expect(f.up.book.rooms.get('a4a8_Degraded')).toEqual({ creator: 'host', limit: 9 });
});

test('teardowns answered while the eventCenter was down reach it once it is back: exactly what was queued, in order', async () => {
  f = await startForwardPair();
  const channel = channelId();
  await f.send(aec.createGlobal(channel, 'host'));
  await f.up.close();
  const teardowns = [
    aec.offline(channel, 'fan', 4096),
    { action: 'AEC_VOIP_USER_HANGUP', userId: 'a', userId2: 'b', hangupUserId: 'b' },
    { action: 'AEC_CHATROOM_DELETE', userId: 'host', roomId: 'a4a8_Gone' },
    aec.channelUser('AEC_LIVE_UPLOADER_DISCONNECT', channel, 'host'),
    { action: 'AEC_GROUP_DEL', userId: 'owner', groupId: '100462' },
    aec.channelUser('AEC_LIVE_CLOSE_CHANNEL', channel, 'host'),
  ];
  const bodies: string[] = [];
  for (const payload of teardowns) {
    const data = dataOf(payload, 'starrtc');
    bodies.push(formBody(data));
    expect(JSON.parse((await sendData(f.t.callbackUrl, data)).text)).toMatchObject({ status: '1' });
  }
  expect((await f.upstream()).pendingReplays).toBe(teardowns.length);
  const before = f.up.received.length;
  await f.up.reopen();
  await eventually(async () => (await f!.upstream()).pendingReplays === 0);
  expect(f.up.received.slice(before).map((r) => r.body)).toEqual(bodies);
  // Back up on the replays' replies alone: no callback came since it returned.
  expect((await f.upstream()).ok).toBe(true);
  expect((await f.t.get<AuditEntry[]>('/api/audit?action=upstream:up'))[0]!.reason).toMatch(/a replay was delivered/);
  const replayed = (await f.t.get<AuditEntry[]>('/api/audit?action=upstream:replayed')).reverse();
  expect(replayed.map((entry) => entry.reason.split(' ')[0])).toEqual(teardowns.map((t) => t.action));
});

test('the answer budget holds with a 5 s eventCenter: the show goes on, a create is refused, nothing waits 5 s', async () => {
  f = await startForwardPair({ upstreamTimeoutMs: 5000 });
  await f.setting({ answerBudgetMs: 1000 });
  const channel = channelId();
  await f.send(aec.createGlobal(channel, 'host'));
  f.up.delayMs = 5000;
  const timed = async (payload: Record<string, unknown>): Promise<{ reply: unknown; ms: number }> => {
    const started = performance.now();
    const reply: unknown = JSON.parse(await f!.send(payload));
    return { reply, ms: performance.now() - started };
  };
  const answers = await Promise.all([
    timed(aec.playing(channel, 'fan', 100)),
    timed({ action: 'AEC_VOIP_USER_PLAYING', userId: 'a', userId2: 'b' }),
    timed({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'x' }),
    timed({ action: 'AEC_LIVE_USER_OFFLINE', userId: 'gone', channelId: channel, time: '1', discharge: '5' }),
  ]);
  expect(answers.map((a) => a.reply)).toEqual([{ status: '1', data: 'ok' }, { status: '1', data: 'ok' }, denied('upstreamUnavailable', 'group'), { status: '1', data: 'ok' }]);
  // Within the 1 s budget plus the process's own time: well short of the eventCenter's 5 s.
  for (const answer of answers) expect(answer.ms).toBeLessThan(2500);
  const [entry] = await f.t.get<AuditEntry[]>('/api/audit?action=AEC_GROUP_CREATE');
  expect(entry!.reason).toMatch(/decided by fallback \(eventCenter did not answer within \d+ ms\)/);
});

test('a request is never sent twice to the eventCenter when it is slow: a create that timed out is not retried', async () => {
  f = await startForwardPair({ upstreamTimeoutMs: 200 });
  f.up.delayMs = 600;
  await f.send({ action: 'AEC_GROUP_CREATE', userId: 'owner', addUsers: 'x' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(f.up.received.filter((r) => r.action === 'AEC_GROUP_CREATE')).toHaveLength(1);
});
