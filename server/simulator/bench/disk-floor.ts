// The disk's own share of a durable answer. Records come due at a set rate and are written and
// fdatasync'ed in groups as our journal does them: each write takes every record that came due
// while the previous sync ran. A record's latency runs from its time in the schedule to the end
// of the sync that made it durable. No HTTP and no decisions: this is the least that any answer
// which waits for the disk can wait, on this disk at this rate. A server that answers durably
// cannot show a lower tail than this, however fast its own code is.

import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeJournalIo, type JournalIo } from '../../store/journal/journal-io';
import { LatencyRecorder } from './latency';
import type { LatencySummary } from './latency';

/** About the length of one USER_PLAYING's line in our journal. */
export const RECORD_BYTES = 180;
/** A sync longer than this is counted as a stall. */
export const SLOW_SYNC_MS = 20;

/** The journal's own write and sync calls; injectable so a test can hold a sync back. */
export type FloorDisk = Pick<JournalIo, 'write' | 'datasync'>;

export interface DiskFloorOptions {
  /** A folder on the disk to measure: the one the data folder is on. */
  dir: string;
  ratePerSecond: number;
  durationSeconds: number;
  recordBytes?: number;
  disk?: FloorDisk;
}

export interface DiskFloorResult {
  ratePerSecond: number;
  /** Records the schedule held: the rate times the duration. */
  scheduled: number;
  syncs: number;
  /** Syncs that took longer than SLOW_SYNC_MS. */
  slowSyncs: number;
  longestSyncMs: number;
  /** From the first scheduled time to the last sync's end. */
  durationSeconds: number;
  /** Milliseconds from each record's scheduled time to the end of the sync that covered it. */
  latencyMs: LatencySummary;
}

export async function diskFloor(options: DiskFloorOptions): Promise<DiskFloorResult> {
  const recordBytes = options.recordBytes ?? RECORD_BYTES;
  if (!(options.ratePerSecond > 0) || !(options.durationSeconds > 0) || !(recordBytes >= 1)) {
    throw new Error('a disk floor needs a rate, a duration and a record size');
  }
  const disk = options.disk ?? nodeJournalIo;
  const scheduled = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const intervalMs = 1000 / options.ratePerSecond;
  const file = path.join(options.dir, `disk-floor-${process.pid}.dat`);
  const handle = await open(file, 'w+');
  try {
    // Zero-filled first, as the journal's room is: each sync then flushes data, not a new size.
    await disk.write(handle, Buffer.alloc(scheduled * recordBytes), 0);
    await disk.datasync(handle);
    const record = Buffer.alloc(recordBytes, 'x');
    record[recordBytes - 1] = 0x0a;
    const latency = new LatencyRecorder(60_000);
    let syncs = 0;
    let slowSyncs = 0;
    let longestSyncMs = 0;
    let written = 0;
    const started = performance.now();
    while (written < scheduled) {
      const now = performance.now();
      const due = Math.min(scheduled, Math.floor((now - started) / intervalMs) + 1);
      if (due === written) {
        await sleep(Math.max(0, started + written * intervalMs - now));
        continue;
      }
      const group = Buffer.alloc((due - written) * recordBytes);
      for (let i = 0; i < due - written; i++) record.copy(group, i * recordBytes);
      await disk.write(handle, group, written * recordBytes);
      const syncStarted = performance.now();
      await disk.datasync(handle);
      const synced = performance.now();
      syncs++;
      longestSyncMs = Math.max(longestSyncMs, synced - syncStarted);
      if (synced - syncStarted > SLOW_SYNC_MS) slowSyncs++;
      for (let i = written; i < due; i++) latency.record(synced - (started + i * intervalMs));
      written = due;
    }
    const durationSeconds = (performance.now() - started) / 1000;
    return { ratePerSecond: options.ratePerSecond, scheduled, syncs, slowSyncs, longestSyncMs, durationSeconds, latencyMs: latency.summary() };
  } finally {
    await handle.close();
    await unlink(file).catch(() => undefined);
  }
}
