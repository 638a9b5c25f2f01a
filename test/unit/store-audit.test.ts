import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditDecision, AuditEntry } from '../../server/contract';
import { AuditLog } from '../../server/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

function entry(over: Partial<Omit<AuditEntry, 'id'>> = {}): Omit<AuditEntry, 'id'> {
  return {
    at: NOW,
    action: 'USER_PLAYING',
    channelId: 'c1',
    userId: 'u1',
    decision: 'allow' as AuditDecision,
    code: null,
    reason: 'ok',
    latencyMs: 1,
    raw: null,
    remote: '10.0.0.2',
    ...over,
  };
}

const ids = (entries: AuditEntry[]) => entries.map((e) => e.id);

describe('audit log', () => {
  it('continues ids after a restart and finds entries written before it', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    const first = [log.record(entry()), log.record(entry()), log.record(entry())];
    expect(ids(first)).toEqual([1, 2, 3]);
    await log.close();
    const again = await AuditLog.open(dir, { retentionDays: 30 });
    expect(again.record(entry()).id).toBe(4);
    expect(ids(await again.query({}))).toEqual([4, 3, 2, 1]);
    await again.close();
  });

  it('writes entries to gzip files per UTC day, in batches, without waiting for the caller', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    log.record(entry({ at: Date.UTC(2025, 5, 14, 23, 59, 59) }));
    log.record(entry({ at: Date.UTC(2025, 5, 15, 0, 0, 1) }));
    await log.flush();
    expect((await readdir(path.join(dir, 'audit'))).sort()).toEqual(['2025-06-14.ndjson.gz', '2025-06-15.ndjson.gz']);
    await log.close();
  });

  it('drops the raw data of allowed PLAYING and UPLOADING reports, keeps it for everything else', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    const raw = '{"action":"x"}';
    const recorded = [
      log.record(entry({ action: 'AEC_LIVE_USER_PLAYING', raw })),
      log.record(entry({ action: 'AEC_LIVE_UPLOADER_UPLOADING', raw })),
      log.record(entry({ action: 'AEC_LIVE_USER_PLAYING', decision: 'deny', code: 10008, raw })),
      log.record(entry({ action: 'AEC_LIVE_UPLOADER_UPLOADING', decision: 'deny', code: 10003, raw })),
      log.record(entry({ action: 'AEC_LIVE_USER_ONLINE', raw })),
      log.record(entry({ action: 'operator:kick', decision: 'operator', raw })),
    ];
    const expected = [null, null, raw, raw, raw, raw];
    expect(recorded.map((e) => e.raw)).toEqual(expected);
    expect((await log.query({})).reverse().map((e) => e.raw)).toEqual(expected);
    await log.close();
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 1 });
    expect((await again.query({})).reverse().map((e) => e.raw)).toEqual(expected);
    await again.close();
  });

  it('filters by action (exact or prefix), channel, user and decision, newest first', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    log.record(entry({ action: 'APPLY_UPLOAD', channelId: 'c1', userId: 'alice' }));
    log.record(entry({ action: 'USER_PLAYING', channelId: 'c2', userId: 'bob', decision: 'deny', code: 5 }));
    log.record(entry({ action: 'operator:close', channelId: 'c2', userId: null, decision: 'operator' }));
    log.record(entry({ action: 'operator:kick', channelId: 'c1', userId: 'bob', decision: 'operator' }));
    log.record(entry({ action: 'USER_PLAYING', channelId: 'c1', userId: 'alice' }));
    expect(ids(await log.query({ action: 'USER_PLAYING' }))).toEqual([5, 2]);
    expect(ids(await log.query({ action: 'operator:' }))).toEqual([4, 3]);
    expect(ids(await log.query({ action: 'operator*' }))).toEqual([4, 3]);
    expect(ids(await log.query({ action: 'operator' }))).toEqual([]);
    expect(ids(await log.query({ channelId: 'c2' }))).toEqual([3, 2]);
    expect(ids(await log.query({ userId: 'bob' }))).toEqual([4, 2]);
    expect(ids(await log.query({ decision: 'deny' }))).toEqual([2]);
    expect(ids(await log.query({ channelId: 'c1', userId: 'alice' }))).toEqual([5, 1]);
    expect(ids(await log.query({ before: 4, limit: 2 }))).toEqual([3, 2]);
    await log.close();
  });

  it('applies the default limit of 200 and caps it at 1000', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    for (let i = 0; i < 1200; i++) log.record(entry());
    expect(await log.query({})).toHaveLength(200);
    const most = await log.query({ limit: 5000 });
    expect(most).toHaveLength(1000);
    expect(most[0]!.id).toBe(1200);
    await log.close();
  });

  it('pages back past what is kept in memory by reading the daily files', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 5 });
    for (let i = 1; i <= 30; i++) {
      log.record(entry({ at: NOW - (30 - i) * 3_600_000, userId: i % 2 === 0 ? 'even' : 'odd' }));
    }
    await log.flush();
    expect(ids(await log.query({ limit: 8 }))).toEqual([30, 29, 28, 27, 26, 25, 24, 23]);
    expect(ids(await log.query({ before: 10, limit: 3 }))).toEqual([9, 8, 7]);
    expect(ids(await log.query({ userId: 'even', limit: 20 }))).toEqual([30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2]);
    await log.close();
    // After a restart only the newest 5 are in memory: the rest still comes from the files.
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 5 });
    expect(ids(await again.query({ limit: 1000 }))).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    await again.close();
  });

  it('tells subscribers about each new entry until they unsubscribe', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    const seen: number[] = [];
    const stop = log.subscribe((e) => seen.push(e.id));
    log.record(entry());
    log.record(entry());
    stop();
    log.record(entry());
    expect(seen).toEqual([1, 2]);
    await log.close();
  });
});
