// Disk full and I/O errors under the journal, injected through StartExtras.journalIo: the
// server keeps answering (or refuses changes with 10016 when the operator chose so), the fault
// is loud, and once the disk works again the queued records reach it.

import { cp } from 'node:fs/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { denied } from '../support/aec-client';
import type { Notice } from '../../server/contract';
import type { AuditEntry, ChannelDetail, Summary } from '../../server/contract';
import { DenyCode } from '../../server/contract';
import { LOCK_FILE } from '../../server/store/lock';
import { FaultyIo } from './helpers/faulty-io';
import { tempDataDir, removeDir, startHarness, type Harness } from '../support/harness';

const CHANNEL = 'Wz@Disk_Faults_1';
const OWNER = '577175';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function started(io: FaultyIo, dir?: string): Promise<Harness> {
  const folder = dir ?? (await tempDataDir('aec-hardening-disk-'));
  if (!dir) cleanup.push(() => removeDir(folder));
  const h = await startHarness({ dataDir: folder }, { journalIo: io });
  cleanup.push(() => h.stop());
  return h;
}

const create = { ts: '1561699571', action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', userId: OWNER, roomId: 'a4aDXK2lEWucjFTB', channelId: CHANNEL, conCurrentNumber: '0', extra: 'disk' };
const online = (user: string) => ({ ts: '1561699572', action: 'AEC_LIVE_USER_ONLINE', userId: user, channelId: CHANNEL, time: '1561699572' });
let reportTs = 1_561_700_000;
const playing = (user: string, discharge: number) => {
  reportTs += 60;
  return { ts: String(reportTs), action: 'AEC_LIVE_USER_PLAYING', userId: user, channelId: CHANNEL, time: String(reportTs), discharge: String(discharge) };
};

/** Opens a copy of the folder as it is on disk right now: what a kill -9 would leave. */
async function crashImage(dir: string): Promise<{ bytes: number; viewers: number }> {
  const copy = await tempDataDir('aec-hardening-disk-image-');
  try {
    await cp(dir, copy, { recursive: true, filter: (source) => !source.endsWith(LOCK_FILE) });
    const h = await startHarness({ dataDir: copy });
    try {
      const detail = await h.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CHANNEL)}`);
      return { bytes: detail.channel.bytes, viewers: detail.channel.viewers };
    } finally {
      await h.stop();
    }
  } finally {
    await removeDir(copy);
  }
}

describe('journal write errors, default setting (keep shows running)', () => {
  test('PLAYING is still answered "1", the fault is loud, and the queued records reach the disk once it recovers', { timeout: 60_000 }, async () => {
    const io = new FaultyIo();
    const h = await started(io);
    const notices: Notice[] = [];
    h.app.onNotice((notice) => notices.push(notice));
    expect((await h.call(create)).status).toBe('1');
    for (const user of ['v1', 'v2', 'v3']) expect((await h.call(online(user))).status).toBe('1');

    let expectedBytes = 0;
    io.fault = { code: 'ENOSPC', on: 'write' };
    for (let i = 0; i < 12; i++) {
      const discharge = 1_000_003 * (i + 1);
      expectedBytes += discharge;
      expect(await h.call(playing(`v${(i % 3) + 1}`, discharge))).toMatchObject({ status: '1' });
    }
    expect((await h.call(online('v4'))).status).toBe('1');
    io.fault = { code: 'EIO', on: 'datasync' };
    for (let i = 0; i < 5; i++) {
      const discharge = 77_001 * (i + 1);
      expectedBytes += discharge;
      expect(await h.call(playing('v4', discharge))).toMatchObject({ status: '1' });
    }
    expect(io.failures).toBeGreaterThanOrEqual(17);

    // Loud: the summary (dashboard banner) and a notice (tray notification).
    const failing = await h.get<Summary & { store: { lastError: string | null; pendingRecords: number } }>('/api/summary');
    expect(failing.store.ok).toBe(false);
    expect(failing.store.problems.map((p) => p.message).join('\n')).toMatch(/ENOSPC/);
    expect(failing.store.lastError).toMatch(/EIO/);
    expect(failing.store.pendingRecords).toBeGreaterThanOrEqual(18);
    expect(notices.some((n) => n.kind === 'storeError' && /ENOSPC/.test(n.message))).toBe(true);
    // The state in memory has every report: the show went on.
    expect((await h.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CHANNEL)}`)).channel.bytes).toBe(expectedBytes);

    // The disk recovers; the next answered callback carries every queued record down with it.
    io.fault = null;
    const last = 4_242;
    expectedBytes += last;
    expect((await h.call(playing('v1', last))).status).toBe('1');
    const recovered = await h.get<Summary & { store: { lastError: string | null; pendingRecords: number } }>('/api/summary');
    expect(recovered.store.lastError).toBeNull();
    expect(recovered.store.pendingRecords).toBe(0);
    // No snapshot was taken meanwhile (one a minute): this is the journal alone.
    expect(await crashImage(h.dir)).toEqual({ bytes: expectedBytes, viewers: 4 });

    await h.stop();
    const again = await started(new FaultyIo(), h.dir);
    const detail = await again.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CHANNEL)}`);
    expect(detail.channel.bytes).toBe(expectedBytes);
    expect(detail.sessions.map((s) => s.userId).sort()).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  test('the fault is in the audit log', { timeout: 30_000 }, async () => {
    const io = new FaultyIo();
    const h = await started(io);
    expect((await h.call(create)).status).toBe('1');
    io.fault = { code: 'ENOSPC', on: 'write' };
    expect((await h.call(online('v1'))).status).toBe('1');
    io.fault = null;
    const entries = await h.get<AuditEntry[]>('/api/audit?limit=1000');
    const mentions = entries.filter((entry) => /ENOSPC|journal/i.test(`${entry.action} ${entry.reason}`));
    expect(mentions.length, `audit entries: ${JSON.stringify(entries.map((e) => [e.action, e.reason]))}`).toBeGreaterThan(0);
  });
});

describe('journal write errors, whenStorageFails: refuseChanges', () => {
  async function refusing(): Promise<{ io: FaultyIo; h: Harness }> {
    const io = new FaultyIo();
    const h = await started(io);
    expect((await h.call(create)).status).toBe('1');
    expect((await h.call(online('v1'))).status).toBe('1');
    const res = await h.json('PUT', '/api/settings', { whenStorageFails: 'refuseChanges' });
    expect(res.status).toBe(200);
    return { io, h };
  }

  test('once the failure is known, changes are refused with 10016 and nothing is counted; reads are still answered', { timeout: 30_000 }, async () => {
    const { io, h } = await refusing();
    io.fault = { code: 'EIO', on: 'write' };
    await h.call(playing('v1', 1)); // meets the failure (see the next test for its answer)
    const before = (await h.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CHANNEL)}`)).channel.bytes;
    expect(await h.call(playing('v1', 5_000))).toEqual(denied('storageUnavailable'));
    expect(await h.call(online('v2'))).toEqual(denied('storageUnavailable'));
    expect(await h.call({ ...create, channelId: 'Wz@Disk_Faults_2' })).toEqual(denied('storageUnavailable'));
    const detail = await h.get<ChannelDetail>(`/api/channels/${encodeURIComponent(CHANNEL)}`);
    expect(detail.channel.bytes).toBe(before);
    expect(detail.sessions.map((s) => s.userId)).toEqual(['v1']);
    expect((await h.admin('/api/channels/Wz%40Disk_Faults_2')).status).toBe(404);
    // A question that changes nothing is still answered.
    expect(await h.call({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1', ts: '1561699571' })).toMatchObject({ status: '1' });
  });

  test('the change that meets the failure first is not acknowledged either', { timeout: 30_000 }, async () => {
    const { io, h } = await refusing();
    io.fault = { code: 'EIO', on: 'write' };
    expect(await h.call(playing('v1', 1_234))).toEqual(denied('storageUnavailable'));
  });

  test('once the disk recovers, changes are accepted again without a restart', { timeout: 30_000 }, async () => {
    const { io, h } = await refusing();
    io.fault = { code: 'EIO', on: 'write' };
    await h.call(playing('v1', 1));
    expect(await h.call(playing('v1', 2))).toEqual(denied('storageUnavailable'));
    io.fault = null;
    // Bounded: a few reports, a minute apart in `ts`, well within a show's patience.
    const answers: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      const reply = await h.call(playing('v1', 10));
      answers.push(reply);
      if (reply.status === '1') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answers.at(-1), `answers after the disk recovered: ${JSON.stringify(answers)}`).toMatchObject({ status: '1' });
  });
});
