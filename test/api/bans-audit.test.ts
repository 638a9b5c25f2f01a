// Bans from /api/bans, their effect on the wire, and the audit log that explains every denial.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, BanRow, ChannelRow } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, denied, userId } from '../support/aec-client';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const audit = (query: string) => t.get<AuditEntry[]>(`/api/audit?${query}`);

describe('bans', () => {
  test('a ban for good refuses ONLINE, PLAYING, APPLY_UPLOAD and UPLOADING; lifting it lets the user back', async () => {
    const id = channelId();
    const owner = userId();
    const fan = userId();
    for (const step of [aec.createGlobal(id, owner), aec.applyUpload(id, owner), aec.uploading(id, owner), aec.online(id, fan)]) {
      expect((await t.call(step)).status).toBe('1');
    }
    for (const who of [fan, owner]) {
      const res = await t.post('/api/bans', { userId: who, durationSeconds: null, reason: 'spam in chat' });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ userId: who, until: null, reason: 'spam in chat' });
    }
    expect((await t.get<BanRow[]>('/api/bans')).map((b) => b.userId).sort()).toEqual([fan, owner].sort());

    expect(await t.call(aec.playing(id, fan, 10))).toEqual(denied('userBanned'));
    expect(await t.call(aec.online(id, fan))).toEqual(denied('userBanned'));
    expect(await t.call(aec.uploading(id, owner))).toEqual(denied('userBanned'));
    expect(await t.call(aec.applyUpload(id, owner))).toEqual(denied('userBanned'));
    expect((await t.get<ChannelRow[]>('/api/channels')).find((r) => r.id === id)).toMatchObject({ viewers: 0, uploaders: 0 });

    expect((await t.admin(`/api/bans/${encodeURIComponent(fan)}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.get<BanRow[]>('/api/bans')).map((b) => b.userId)).toEqual([owner]);
    expect(await t.call(aec.online(id, fan))).toMatchObject({ status: '1' });
    expect(await t.call(aec.applyUpload(id, owner))).toEqual(denied('userBanned'));
  });

  test('a timed ban shows when it ends', async () => {
    const who = userId();
    const before = Date.now();
    const res = await t.post('/api/bans', { userId: who, durationSeconds: 3600, reason: '' });
    const ban = (await res.json()) as BanRow;
    expect(ban.since).toBeGreaterThanOrEqual(before);
    expect(ban.until).toBe(ban.since + 3_600_000);
    expect(ban.reason).not.toBe('');
  });

  test('a ban always ends at a date the dashboard can show, or never', async () => {
    // 1e300 s is an integer above 0, but ends past the last date a JavaScript Date can hold
    // (8.64e15 ms), so the dashboard would show "Invalid Date". Refuse it, or make it "for good".
    const res = await t.post('/api/bans', { userId: 'far-future', durationSeconds: 1e300 });
    if (res.status === 201) {
      const ban = (await res.json()) as BanRow;
      expect(ban.until === null || ban.until <= 8.64e15).toBe(true);
    } else {
      expect(res.status).toBe(400);
    }
  });

  test('bad ban requests are 400 with a reason; lifting a ban that does not exist is 404', async () => {
    for (const body of [{ userId: '', durationSeconds: null }, { userId: 'x', durationSeconds: 'long' }, { userId: 'x', durationSeconds: -5 }, { userId: 'x' }]) {
      const res = await t.post('/api/bans', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('bad_request');
    }
    expect((await t.get<BanRow[]>('/api/bans')).map((b) => b.userId)).not.toContain('x');
    expect((await t.admin('/api/bans/never-banned', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('audit log', () => {
  test('a denial is found by its filters, with its code and reason', async () => {
    const id = channelId();
    const owner = userId();
    const fan = userId();
    await t.call(aec.createGlobal(id, owner));
    await t.post('/api/bans', { userId: fan, durationSeconds: null, reason: 'chargeback fraud' });
    expect(await t.call(aec.online(id, fan))).toEqual(denied('userBanned'));

    const denials = await audit(`decision=deny&userId=${fan}`);
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ action: 'AEC_LIVE_USER_ONLINE', channelId: id, userId: fan, decision: 'deny', code: 10008 });
    expect(denials[0]?.reason).toMatch(/banned/);
    expect(denials[0]?.reason).toMatch(/chargeback fraud/);
    expect(denials[0]?.raw).toContain(id);

    const byChannel = await audit(`channelId=${encodeURIComponent(id)}`);
    expect(byChannel.map((e) => e.action)).toEqual(['AEC_LIVE_USER_ONLINE', 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC']);
    expect(byChannel[1]).toMatchObject({ decision: 'allow', code: null });

    const operator = await audit(`decision=operator&userId=${fan}`);
    expect(operator[0]).toMatchObject({ action: 'operator:ban', decision: 'operator' });
    expect(await audit(`action=AEC_LIVE_USER_ONLINE&userId=${fan}`)).toHaveLength(1);
    expect(await audit(`action=AEC_LIVE_USER_PLAYING&userId=${fan}`)).toHaveLength(0);
  });

  test('newest first, limit and before page backwards', async () => {
    const id = channelId();
    const owner = userId();
    await t.call(aec.createGlobal(id, owner));
    for (let i = 0; i < 5; i += 1) await t.call(aec.online(id, `pager-${i}`));
    const q = `channelId=${encodeURIComponent(id)}&action=AEC_LIVE_USER_ONLINE`;
    const first = await audit(`${q}&limit=2`);
    expect(first.map((e) => e.userId)).toEqual(['pager-4', 'pager-3']);
    const next = await audit(`${q}&limit=2&before=${first[1]!.id}`);
    expect(next.map((e) => e.userId)).toEqual(['pager-2', 'pager-1']);
    expect((await t.admin('/api/audit?decision=maybe')).status).toBe(400);
  });

  test('denied callbacks of any family show in the summary rate, with the field at fault', async () => {
    const before = (await t.get<{ denialsPerMinute: number }>('/api/summary')).denialsPerMinute;
    expect(await t.call({ action: 'AEC_GROUP_CREATE', userId: '1', userIdList: '1,2' })).toEqual(denied('missingArgument', 'group'));
    const after = (await t.get<{ denialsPerMinute: number }>('/api/summary')).denialsPerMinute;
    expect(after).toBe(before + 1);
    const entry = (await audit('action=AEC_GROUP_CREATE'))[0];
    expect(entry?.reason).toMatch(/addUsers is missing/);
  });
});
