// Zero-filled room ahead of the journal's writes. An fdatasync after an append must also commit
// the file's new size and blocks through the filesystem's own journal; after an overwrite of
// blocks the file already has, it flushes the data alone. On this machine that halved the CPU a
// commit costs the whole machine (BENCHMARKS.md, "Issue 15, fourth pass"). PostgreSQL zero-fills
// its WAL segments for the same reason.
//
// The room is best effort: when it cannot be made (a full disk) records are appended as before,
// and the next segment tries again. Readers take the zeros at a segment's end as its end
// (journal-read.ts).

import type { FileHandle } from 'node:fs/promises';
import type { JournalIo } from './journal-io';

/**
 * Room a segment's first batch gets beyond itself; each time the room runs out the next step
 * is twice as large, up to ROOM_STEP. A quiet server (a segment a minute, a few records each)
 * then writes 64 KB of zeros a minute, not 1 MB; a busy one reaches 1 MB steps within its
 * first 2 MB of records.
 */
export const FIRST_ROOM_STEP = 64 * 1024;
/** The largest step: zeros written at a time. */
export const ROOM_STEP = 1 << 20;

const zeros = Buffer.alloc(ROOM_STEP);

export class SegmentRoom {
  /** Bytes the file holds: the data, then zeros. */
  private end: number;
  private step = FIRST_ROOM_STEP;
  private gaveUp = false;

  constructor(
    private readonly io: JournalIo,
    dataEnd: number,
  ) {
    this.end = dataEnd;
  }

  /** Makes `bytes` after `dataEnd` zero-filled room, with a step to spare, unless it is already. */
  async reserve(file: FileHandle, dataEnd: number, bytes: number): Promise<void> {
    if (this.gaveUp || dataEnd + bytes <= this.end) return;
    let at = Math.max(this.end, dataEnd);
    const target = dataEnd + bytes + this.step;
    this.step = Math.min(this.step * 2, ROOM_STEP);
    try {
      while (at < target) {
        const size = Math.min(ROOM_STEP, target - at);
        await this.io.write(file, zeros.subarray(0, size), at);
        at += size;
        this.end = at;
      }
    } catch {
      // Zeros beyond the data harm nothing; the records go in by appending.
      this.gaveUp = true;
    }
  }

  /** The file was cut to `size` (a failed write's leftovers went with the room). */
  truncated(size: number): void {
    this.end = size;
  }

  /** Cuts the unused room off, so a closed segment holds only its records. */
  async release(file: FileHandle, dataEnd: number): Promise<void> {
    if (this.end <= dataEnd) return;
    await this.io.truncate(file, dataEnd);
    this.end = dataEnd;
  }
}
