// Append-only NDJSON journal with group commit: one write + one fdatasync covers every record
// that arrived while the previous sync was in flight, so the cost per event stays flat.

import { constants, mkdir, open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Change } from '../../domain/changes';
import { fsyncDir } from '../durable-file';
import type { JournalIo } from './journal-io';
import { nodeJournalIo } from './journal-io';
import type { SegmentFile } from './journal-read';
import { JOURNAL_DIR, listSegments, readSegments, segmentName } from './journal-read';
import { journalLine } from './journal-line';
import { SegmentRoom } from './segment-room';
import type { JournalRecord, StoreProblem } from '../types';

export interface JournalOpenOptions {
  /** Last seq already covered by a snapshot: only later records are returned, and new seqs
   *  continue after it even when the journal itself holds less. */
  afterSeq?: number;
  io?: JournalIo;
  now?: () => number;
}

export interface OpenedJournal {
  journal: Journal;
  /** Records with seq > afterSeq, oldest first. */
  records: JournalRecord[];
  /** Smallest seq still in the journal, or null when it is empty. */
  firstSeq: number | null;
  problems: StoreProblem[];
}

interface Pending {
  record: JournalRecord;
  line: string;
  /** The caller has been answered (resolved, or rejected after a failed attempt). */
  settled: boolean;
  resolve: (record: JournalRecord) => void;
  reject: (err: Error) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Journal {
  /** Seq of the last appended record (durable or not). */
  lastSeq: number;
  /** Seq of the last record known to be on disk. */
  durableSeq: number;
  /** Error of the most recent failed write; null again after a write succeeds. */
  lastError: Error | null = null;
  /** Counted on success, for tests and metrics. */
  readonly stats = { writes: 0, syncs: 0, records: 0 };
  /** Told how long each successful fdatasync took and how many records it made durable (metrics). */
  onSynced: ((seconds: number, records: number) => void) | null = null;

  private pending: Pending[] = [];
  private unsettled = 0;
  private running = false;
  private dirty = false;
  private closed = false;
  private flushWaiters: Waiter[] = [];
  private rotateWaiters: Waiter[] = [];
  private room: SegmentRoom;

  private constructor(
    private readonly dir: string,
    private readonly io: JournalIo,
    private readonly segments: SegmentFile[],
    private file: FileHandle,
    lastSeq: number,
  ) {
    this.lastSeq = lastSeq;
    this.durableSeq = lastSeq;
    this.room = new SegmentRoom(io, segments[segments.length - 1]!.bytes);
  }

  static async open(dataDir: string, opts: JournalOpenOptions = {}): Promise<OpenedJournal> {
    const dir = path.join(dataDir, JOURNAL_DIR);
    const now = opts.now ?? Date.now;
    const created = await mkdir(dir, { recursive: true });
    if (created !== undefined) await fsyncDir(dataDir);
    const afterSeq = opts.afterSeq ?? 0;
    const segments = await listSegments(dir);
    const read = await readSegments(segments, afterSeq, now());
    const lastSeq = Math.max(read.lastSeq, afterSeq);
    if (segments.length === 0) segments.push(await createSegment(dir, lastSeq + 1));
    const current = segments[segments.length - 1]!;
    const file = await open(current.file, 'r+');
    const journal = new Journal(dir, opts.io ?? nodeJournalIo, segments, file, lastSeq);
    return { journal, records: read.records, firstSeq: read.firstSeq, problems: read.problems };
  }

  /** Records queued or in flight, including ones whose write failed and awaits a retry. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Bytes on disk over all segments. */
  get bytes(): number {
    return this.segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /**
   * Resolves once the record is written and fdatasync'ed. On a write error it rejects, but the
   * record stays queued and is written by a later flush (no record is ever dropped).
   */
  append(changes: Change[], at: number): Promise<JournalRecord> {
    if (this.closed) return Promise.reject(new Error('The journal is closed.'));
    const record: JournalRecord = { seq: ++this.lastSeq, at, changes };
    // Serialised now: the caller may keep mutating the objects it passed.
    const line = journalLine(record);
    return new Promise<JournalRecord>((resolve, reject) => {
      this.pending.push({ record, line, settled: false, resolve, reject });
      this.unsettled++;
      this.kick();
    });
  }

  /** Writes everything queued, retrying records whose earlier write failed. */
  flush(): Promise<void> {
    if (this.pending.length === 0 && !this.running) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Starts a new segment for the records that follow (called after a snapshot). */
  rotate(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The journal is closed.'));
    return new Promise<void>((resolve, reject) => {
      this.rotateWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Deletes whole segments whose records all have seq <= `seq`. Never the current one. */
  async deleteSegmentsUpTo(seq: number): Promise<number> {
    const doomed = this.segments.splice(0, countDeletable(this.segments, seq));
    // A segment that cannot be deleted only costs disk space: replay skips old seqs anyway.
    for (const segment of doomed) await unlink(segment.file).catch(() => undefined);
    return doomed.length;
  }

  /** Flushes, then closes the file. Rejects if records could not be written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true; // refuse new appends; the queued ones are still written below
    let failure: unknown = null;
    try {
      await this.flush();
    } catch (err) {
      failure = err;
    }
    const current = this.segments[this.segments.length - 1]!;
    // A closed segment holds only its records.
    await this.room.release(this.file, current.bytes).catch(() => undefined);
    await this.file.close();
    if (failure !== null) throw failure;
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    // A microtask later, so every append made in the same tick shares the first write.
    queueMicrotask(() => void this.pump());
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.rotateWaiters.length > 0) {
          const waiters = this.rotateWaiters.splice(0);
          await settle(waiters, () => this.switchSegment());
          continue;
        }
        const wanted = this.unsettled > 0 || this.flushWaiters.length > 0;
        if (this.pending.length === 0 || !wanted) break;
        const batch = this.pending.slice();
        const waiters = this.flushWaiters.splice(0);
        try {
          await this.writeBatch(batch);
        } catch (err) {
          const error = err instanceof Error ? err : new Error(String(err));
          this.lastError = error;
          for (const p of batch) if (!p.settled) this.answer(p, error);
          for (const w of waiters) w.reject(error);
          continue;
        }
        this.lastError = null;
        this.pending.splice(0, batch.length);
        for (const p of batch) if (!p.settled) this.answer(p, null);
        for (const w of waiters) w.resolve();
      }
      for (const w of this.flushWaiters.splice(0)) w.resolve();
    } finally {
      this.running = false;
    }
  }

  private answer(p: Pending, err: Error | null): void {
    p.settled = true;
    this.unsettled--;
    if (err) p.reject(err);
    else p.resolve(p.record);
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const current = this.segments[this.segments.length - 1]!;
    // A failed attempt may have left part of a line: cut it off so the retry lands clean.
    if (this.dirty) {
      await this.io.truncate(this.file, current.bytes);
      this.room.truncated(current.bytes);
      this.dirty = false;
    }
    const data = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
    await this.room.reserve(this.file, current.bytes, data.length);
    this.dirty = true;
    await this.io.write(this.file, data, current.bytes);
    this.stats.writes++;
    const syncStarted = performance.now();
    await this.io.datasync(this.file);
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    this.stats.syncs++;
    this.dirty = false;
    current.bytes += data.length;
    this.stats.records += batch.length;
    this.durableSeq = batch[batch.length - 1]!.record.seq;
    this.onSynced?.(syncSeconds, batch.length);
  }

  private async switchSegment(): Promise<void> {
    const current = this.segments[this.segments.length - 1]!;
    if (this.dirty) {
      await this.io.truncate(this.file, current.bytes);
      this.room.truncated(current.bytes);
      this.dirty = false;
    }
    if (current.bytes === 0) return; // nothing in it yet: keep using it
    const next = await createSegment(this.dir, this.durableSeq + 1);
    const nextFile = await open(next.file, 'r+');
    const old = this.file;
    // Unused room left on a closed segment would only cost disk space; readers stop at it.
    await this.room.release(old, current.bytes).catch(() => undefined);
    this.file = nextFile;
    this.room = new SegmentRoom(this.io, 0);
    this.segments.push(next);
    await old.close();
  }
}

async function settle(waiters: Waiter[], step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    for (const w of waiters) w.reject(error);
    return;
  }
  for (const w of waiters) w.resolve();
}

function countDeletable(segments: SegmentFile[], seq: number): number {
  let n = 0;
  // Segment i holds seqs below the first seq of segment i+1.
  while (n < segments.length - 1 && segments[n + 1]!.firstSeq - 1 <= seq) n++;
  return n;
}

async function createSegment(dir: string, firstSeq: number): Promise<SegmentFile> {
  const file = path.join(dir, segmentName(firstSeq));
  const handle = await open(file, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL);
  await handle.close();
  // The new name must survive a crash before any acknowledged record goes into it.
  await fsyncDir(dir);
  return { firstSeq, file, bytes: 0 };
}
