// Audit retention: days past the setting go, and the oldest days go while the folder is over
// its byte budget; the day of now and the day being written always stay.

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/contract';
import { AuditLog } from '../../server/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-audit-retention-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

function entry(at: number, n = 0): Omit<AuditEntry, 'id'> {
  return {
    at,
    action: 'AEC_LIVE_USER_ONLINE',
    channelId: 'Wz@NWuVj8Tx5aa4a',
    userId: String(900000 + n),
    decision: 'allow',
    code: null,
    reason: `viewer ${900000 + n} joined Wz@NWuVj8Tx5aa4a`,
    latencyMs: 1.234,
    // Varied raw data, so each day's file has a size worth counting.
    raw: `{"n":"${(n * 2654435761) % 4294967296}","pad":"${String(n).repeat(20)}"}`,
    remote: '192.168.1.20',
  };
}

const names = async () => (await readdir(path.join(dir, 'audit'))).sort();

/** One file per day, `perDay` entries each, for the days `daysAgo` before NOW. */
async function fill(log: AuditLog, daysAgo: number[], perDay: number): Promise<void> {
  for (const ago of daysAgo) {
    for (let n = 0; n < perDay; n++) log.record(entry(NOW - ago * DAY + n, ago * 1000 + n));
    await log.flush();
  }
}

describe('audit retention', () => {
  it('deletes days past the retention and keeps recent ones', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 7 });
    await fill(log, [10, 8, 6, 0], 1);
    expect(await log.prune(NOW)).toEqual(['2025-06-05', '2025-06-07']);
    expect(await names()).toEqual(['2025-06-09.ndjson.gz', '2025-06-15.ndjson.gz']);
    // A shorter setting takes effect at the next prune, without a restart.
    log.retentionDays = 1;
    expect(await log.prune(NOW)).toEqual(['2025-06-09']);
    await log.close();
  });

  it('deletes the oldest days while the folder is over maxBytes', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30, maxBytes: Number.MAX_SAFE_INTEGER });
    await fill(log, [5, 4, 3, 2, 1, 0], 200);
    await log.close();
    const sizes = new Map<string, number>();
    for (const name of await names()) sizes.set(name.slice(0, 10), (await stat(path.join(dir, 'audit', name))).size);
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    // One byte short of room for all but the two oldest days: the three oldest go.
    const maxBytes = total - sizes.get('2025-06-10')! - sizes.get('2025-06-11')! - 1;
    const again = await AuditLog.open(dir, { retentionDays: 30, maxBytes, memoryEntries: 10 });
    expect(await again.prune(NOW)).toEqual(['2025-06-10', '2025-06-11', '2025-06-12']);
    expect(await names()).toEqual(['2025-06-13.ndjson.gz', '2025-06-14.ndjson.gz', '2025-06-15.ndjson.gz']);
    const left = (await readdir(path.join(dir, 'audit'))).map((n) => n.slice(0, 10));
    expect(total - [...sizes].filter(([day]) => !left.includes(day)).reduce((a, [, b]) => a + b, 0)).toBeLessThanOrEqual(maxBytes);
    // What is left still answers queries, from the files past memory.
    expect((await again.query({ limit: 1000 })).length).toBe(600);
    await again.close();
  });

  it('never deletes the day of now or the day being written, whatever the budget', async () => {
    const log = await AuditLog.open(dir, { retentionDays: 30, maxBytes: 1 });
    await fill(log, [3, 1], 50);
    log.record(entry(NOW + 3 * DAY)); // a clock ahead: the file being written is for a later day
    await log.flush();
    expect(await log.prune(NOW)).toEqual(['2025-06-12', '2025-06-14']);
    expect(await names()).toEqual(['2025-06-18.ndjson.gz']);
    log.record(entry(NOW));
    await log.flush();
    expect(await log.prune(NOW)).toEqual([]);
    await log.close();
  });
});
