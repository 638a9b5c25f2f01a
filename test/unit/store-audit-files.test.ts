// The audit log's gzip day files: what survives a restart and a crash, files from the first
// version, the size step to a new file, and queries that page from memory into the files.

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditQuery } from '../../server/contract';
import { AuditLog } from '../../server/store';

let dir: string;
const dirs: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-audit-files-'));
  dirs.push(dir);
});
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const CHANNELS = ['Wz@NWuVj8Tx5aa4a', 'Wz@NWuVjBI3taaCB', 'a-b_c"$&\\ü'];

/** The n-th entry of a realistic mix: mostly allowed PLAYING, some joins, kicks and operator actions. */
function mixed(n: number): Omit<AuditEntry, 'id'> {
  const channelId = CHANNELS[n % CHANNELS.length]!;
  const userId = String(900000 + (n % 7));
  const at = NOW + n * 1500;
  const latencyMs = Math.round((0.2 + (n % 13) * 0.37) * 1000) / 1000;
  const raw = `{"action":"x","userId":"${userId}","n":${n}}`;
  const base = { at, channelId, userId, latencyMs, raw, remote: '192.168.1.20' };
  if (n % 10 === 3) return { ...base, action: 'AEC_LIVE_USER_ONLINE', decision: 'allow', code: null, reason: `viewer ${userId} joined ${channelId}` };
  if (n % 10 === 7) {
    return { ...base, action: 'AEC_LIVE_USER_PLAYING', decision: 'deny', code: 10008, reason: `viewer ${userId} was kicked from ${channelId}; told to stop` };
  }
  if (n % 17 === 0) return { ...base, action: 'operator:kick', decision: 'operator', code: null, userId: null, reason: `kicked on ${channelId}` };
  return { ...base, action: 'AEC_LIVE_USER_PLAYING', decision: 'allow', code: null, reason: `viewer ${userId} playing on ${channelId}, ${1048576 + n} bytes` };
}

const ids = (entries: AuditEntry[]) => entries.map((e) => e.id);
const auditDir = (d: string) => path.join(d, 'audit');
const files = async (d: string) => (await readdir(auditDir(d))).sort();

/** What a query must answer, worked out from every entry ever recorded. */
function expected(all: AuditEntry[], q: AuditQuery): number[] {
  const limit = q.limit ?? 200;
  const prefix = q.action?.endsWith(':') ? q.action : null;
  return all
    .filter((e) => e.id < (q.before ?? Infinity))
    .filter((e) => q.action === undefined || (prefix ? e.action.startsWith(prefix) : e.action === q.action))
    .filter((e) => (q.channelId === undefined || e.channelId === q.channelId) && (q.userId === undefined || e.userId === q.userId))
    .filter((e) => q.decision === undefined || e.decision === q.decision)
    .map((e) => e.id)
    .reverse()
    .slice(0, limit);
}

describe('audit files', () => {
  it('gives back every field of every entry after a restart, from gzip files', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    const recorded = Array.from({ length: 300 }, (_, n) => log.record(mixed(n)));
    log.record({ ...mixed(1), at: NOW + 0.5, reason: 'odd \u0001 marks \u0002 kept', raw: null });
    recorded.push({ ...mixed(1), id: 301, at: NOW + 0.5, reason: 'odd \u0001 marks \u0002 kept', raw: null });
    await log.close();
    for (const name of await files(dir)) expect(name).toMatch(/^2025-06-15\.ndjson\.gz$/);
    // Standard gzip: an operator can read it with zcat.
    const text = gunzipSync(await readFile(path.join(auditDir(dir), '2025-06-15.ndjson.gz'))).toString('utf8');
    expect(text.split('\n')[0]).toContain('aec-audit/2');
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 10 });
    const back = await again.query({ limit: 1000 });
    expect(back).toEqual([...recorded].reverse());
    expect(again.record(mixed(0)).id).toBe(302);
    await again.close();
  });

  it('after a crash, keeps every batch before a torn last one and what of it reached the disk whole', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    const all = Array.from({ length: 50 }, (_, n) => log.record(mixed(n)));
    await log.flush();
    const file = path.join(auditDir(dir), '2025-06-15.ndjson.gz');
    const afterFirst = (await stat(file)).size;
    for (let n = 50; n < 100; n++) all.push(log.record(mixed(n)));
    await log.flush();
    const afterSecond = (await stat(file)).size;
    // What kill -9 leaves: no gzip trailer, and here the second batch only half on disk.
    const torn = await mkdtemp(path.join(os.tmpdir(), 'aec-audit-torn-'));
    const whole = await mkdtemp(path.join(os.tmpdir(), 'aec-audit-whole-'));
    const tiny = await mkdtemp(path.join(os.tmpdir(), 'aec-audit-tiny-'));
    dirs.push(torn, whole, tiny);
    for (const d of [torn, whole, tiny]) {
      await mkdir(auditDir(d));
      await copyFile(file, path.join(auditDir(d), '2025-06-15.ndjson.gz'));
    }
    await truncate(path.join(auditDir(torn), '2025-06-15.ndjson.gz'), afterFirst + Math.floor((afterSecond - afterFirst) / 2));
    await truncate(path.join(auditDir(tiny), '2025-06-15.ndjson.gz'), afterFirst + 3);
    await log.close();

    const crashed = await AuditLog.open(torn, { retentionDays: 30, memoryEntries: 5 });
    const kept = crashed.lastId;
    expect(kept).toBeGreaterThanOrEqual(50);
    expect(kept).toBeLessThan(100);
    // Exactly the entries recorded, none half-read.
    expect(await crashed.query({ limit: 1000 })).toEqual(all.slice(0, kept).reverse());
    // The next start writes a new file after the torn one; both read back in order.
    const next = crashed.record(mixed(7));
    expect(next.id).toBe(kept + 1);
    await crashed.close();
    expect(await files(torn)).toEqual(['2025-06-15.1.ndjson.gz', '2025-06-15.ndjson.gz']);
    const reopened = await AuditLog.open(torn, { retentionDays: 30, memoryEntries: 5 });
    expect(await reopened.query({ limit: 1000 })).toEqual([next, ...all.slice(0, kept).reverse()]);
    await reopened.close();

    // Cut a few bytes into the second batch: the first is whole, nothing of the second.
    const cut = await AuditLog.open(tiny, { retentionDays: 30, memoryEntries: 5 });
    expect(await cut.query({ limit: 1000 })).toEqual(all.slice(0, 50).reverse());
    await cut.close();

    // Both batches fully flushed but the file never finished: nothing is lost.
    const unfinished = await AuditLog.open(whole, { retentionDays: 30, memoryEntries: 5 });
    expect(await unfinished.query({ limit: 1000 })).toEqual([...all].reverse());
    await unfinished.close();
  });

  it('goes on in a new file of the same day past the size step', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30, fileBytes: 2000 });
    const all: AuditEntry[] = [];
    for (let batch = 0; batch < 10; batch++) {
      for (let n = 0; n < 20; n++) all.push(log.record({ ...mixed(batch * 20 + n), at: NOW }));
      await log.flush();
    }
    await log.close();
    expect((await files(dir)).length).toBeGreaterThan(3);
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 3, fileBytes: 2000 });
    expect(await again.query({ limit: 1000 })).toEqual([...all].reverse());
    expect(again.record(mixed(0)).id).toBe(201);
    await again.close();
  });

  it('answers filters and pages the same from memory, from files, and across both', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 40, fileBytes: 4000 });
    const all: AuditEntry[] = [];
    for (let n = 0; n < 400; n++) {
      all.push(log.record(mixed(n)));
      if (n % 25 === 0) await log.flush();
    }
    await log.flush();
    const queries: AuditQuery[] = [
      {},
      { limit: 1000 },
      { before: 377, limit: 30 },
      { action: 'AEC_LIVE_USER_PLAYING', limit: 1000 },
      { action: 'AEC_LIVE_USER_', limit: 1000 },
      { action: 'operator:', limit: 1000 },
      { channelId: CHANNELS[2], limit: 1000 },
      { channelId: CHANNELS[0], userId: '900003', limit: 1000 },
      { decision: 'deny', before: 300, limit: 7 },
      { userId: '900001', decision: 'allow', action: 'AEC_LIVE_USER_ONLINE', limit: 1000 },
      { userId: 'nobody' },
    ];
    const check = async (l: AuditLog) => {
      for (const q of queries) expect(ids(await l.query(q)), JSON.stringify(q)).toEqual(expected(all, q));
    };
    await check(log);
    // Paging a filter to its end, 9 at a time, crosses from memory into the files.
    const paged: number[] = [];
    for (let page = await log.query({ channelId: CHANNELS[1], limit: 9 }); page.length > 0; ) {
      paged.push(...ids(page));
      page = await log.query({ channelId: CHANNELS[1], limit: 9, before: page[page.length - 1]!.id });
    }
    expect(paged).toEqual(expected(all, { channelId: CHANNELS[1], limit: 1000 }));
    await log.close();
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 40 });
    await check(again);
    await again.close();
  });

  it('still reads the plain files of the first version, as older than the gzip ones', async () => {
    await mkdir(auditDir(dir));
    const old = [
      { id: 1, ...mixed(0), at: NOW - 86_400_000 },
      { id: 2, ...mixed(7), at: NOW - 3_600_000 },
    ];
    await writeFile(path.join(auditDir(dir), '2025-06-14.ndjson'), `${JSON.stringify(old[0])}\n`);
    // Same day as the new files, with the torn line a crash of the first version could leave.
    await writeFile(path.join(auditDir(dir), '2025-06-15.ndjson'), `${JSON.stringify(old[1])}\n{"id":3,"at":`);
    const log = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 1 });
    expect(log.lastId).toBe(2);
    const fresh = log.record(mixed(3));
    expect(fresh.id).toBe(3);
    await log.close();
    expect(await files(dir)).toEqual(['2025-06-14.ndjson', '2025-06-15.ndjson', '2025-06-15.ndjson.gz']);
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 1 });
    expect(await again.query({})).toEqual([fresh, old[1], old[0]]);
    expect(ids(await again.query({ decision: 'deny' }))).toEqual([2]);
    await again.close();
  });

  it('keeps entries queued while the folder cannot be written, and writes them once it can', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30 });
    log.record(mixed(0));
    await log.flush();
    await rm(auditDir(dir), { recursive: true });
    await writeFile(auditDir(dir), 'not a folder');
    // A new day needs a new file, which cannot be made.
    const tomorrow = NOW + 86_400_000;
    log.record({ ...mixed(1), at: tomorrow });
    await expect(log.flush()).rejects.toThrow();
    expect(log.lastError).not.toBeNull();
    await rm(auditDir(dir));
    await mkdir(auditDir(dir));
    log.record({ ...mixed(2), at: tomorrow });
    await log.flush();
    expect(log.lastError).toBeNull();
    expect(await files(dir)).toEqual(['2025-06-16.ndjson.gz']);
    await log.close();
    const again = await AuditLog.open(dir, { retentionDays: 30, memoryEntries: 1 });
    // Entry 1 was in the deleted folder; 2 and 3 waited and were written.
    expect(ids(await again.query({}))).toEqual([3, 2]);
    await again.close();
  });
});
