// The bench's disk floor (disk-floor.ts): records due at a set rate, written and fdatasync'ed in
// groups as the journal does, each one's latency counted from its time in the schedule. The
// rates are low and the bounds wide: no assertion depends on how fast this disk is.

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diskFloor, type FloorDisk } from '../../server/simulator/bench/disk-floor';

const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aec-disk-floor-'));
  folders.push(dir);
  return dir;
}

/** The real calls, counting the bytes written after the zero-fill; `syncDelayMs(i)` holds the i-th sync back. */
function countingDisk(syncDelayMs: (i: number) => number = () => 0): FloorDisk & { recordBytesWritten: number; syncs: number } {
  let writes = 0;
  const disk = {
    recordBytesWritten: 0,
    syncs: 0,
    async write(file: Parameters<FloorDisk['write']>[0], data: Buffer, position: number) {
      if (writes++ > 0) disk.recordBytesWritten += data.length;
      await file.write(data, 0, data.length, position);
    },
    async datasync(file: Parameters<FloorDisk['datasync']>[0]) {
      const delay = syncDelayMs(disk.syncs++);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await file.datasync();
    },
  };
  return disk;
}

describe('disk floor', () => {
  it('writes every scheduled record in groups, makes each durable, and leaves no file behind', async () => {
    const dir = await folder();
    const disk = countingDisk();
    const result = await diskFloor({ dir, ratePerSecond: 100, durationSeconds: 1, recordBytes: 100, disk });

    expect(result.scheduled).toBe(100);
    expect(disk.recordBytesWritten).toBe(100 * 100);
    // The zero-fill's sync, then one per group: never more groups than records.
    expect(result.syncs).toBe(disk.syncs - 1);
    expect(result.syncs).toBeGreaterThan(0);
    expect(result.syncs).toBeLessThanOrEqual(100);
    // The last record is due 990 ms after the first.
    expect(result.durationSeconds).toBeGreaterThan(0.9);
    expect(result.latencyMs.max).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('counts a stalled sync in every record that came due while it ran', async () => {
    const dir = await folder();
    // Sync 0 is the zero-fill's; sync 1 covers the first record and takes 400 ms.
    const result = await diskFloor({ dir, ratePerSecond: 100, durationSeconds: 1, disk: countingDisk((i) => (i === 1 ? 400 : 0)) });

    expect(result.slowSyncs).toBeGreaterThanOrEqual(1);
    expect(result.longestSyncMs).toBeGreaterThanOrEqual(390);
    expect(result.latencyMs.max).toBeGreaterThanOrEqual(390);
    // Records 1 to 40 fell due during the stall and waited for the group after it: the record
    // due at 10 ms waited about 390 ms, the one at 300 ms about 100. A single slow record
    // (a floor that counted only the sync's own record) would leave the p90 near zero.
    expect(result.latencyMs.p90).toBeGreaterThan(250);
  });

  it('refuses options it cannot run', async () => {
    const dir = await folder();
    await expect(diskFloor({ dir, ratePerSecond: 0, durationSeconds: 1 })).rejects.toThrow(/rate/);
    await expect(diskFloor({ dir, ratePerSecond: 10, durationSeconds: 0 })).rejects.toThrow(/duration/);
    await expect(diskFloor({ dir, ratePerSecond: 10, durationSeconds: 1, recordBytes: 0 })).rejects.toThrow(/record size/);
  });
});
