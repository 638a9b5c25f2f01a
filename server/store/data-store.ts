// The data folder as one durable store: lock, newest good snapshot, journal tail on start;
// group-committed appends while running; snapshots now and then that let the journal shrink.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Change } from '../domain/changes';
import type { StoreHealth } from '../contract';
import { Journal } from './journal/journal';
import type { JournalIo } from './journal/journal-io';
import { lockDataDir } from './lock';
import type { DataDirLock } from './lock';
import { SnapshotStore } from './snapshot/snapshot-store';
import type { SnapshotPiece } from './snapshot/deferred-members';
import type { JournalRecord, StoreActivity, StoreProblem } from './types';
import { errorText } from './types';

export interface DataStoreOptions<T> {
  /** Checks a snapshot's data; a snapshot that fails it is treated like a corrupt file. */
  validate?: (data: unknown) => data is T;
  /** For tests: replaces the journal's write / fdatasync / truncate. */
  journalIo?: JournalIo;
  now?: () => number;
}

export interface RestoredState<T> {
  /** Data of the newest good snapshot; null when there is none. */
  data: T | null;
  /** Last journal seq included in `data` (0 without a snapshot). */
  seq: number;
  /** Journal records after `seq`, oldest first: apply them on top of `data`. */
  tail: JournalRecord[];
}

/** The JSON text of a snapshot's data, in pieces (marks among them: deferred-members.ts); released once written or given up. */
export interface CapturedText {
  pieces(): Iterable<SnapshotPiece>;
  release(): void;
}

export interface DataStoreHealth extends Omit<StoreHealth, 'answeredBeforeDurable' | 'lastAnsweredBeforeDurableAt'> {
  /** The current write failure, null when writes work. */
  lastError: string | null;
}

export interface DataStore<T> {
  readonly dir: string;
  readonly restored: RestoredState<T>;
  /** Lets go of `restored`'s data and tail once the state is rebuilt: at scale they are a hundred MB. */
  releaseRestored(): void;
  /** Everything found wrong, on start and since; newest last. */
  readonly problems: readonly StoreProblem[];
  /** Resolves once the changes are durable. Rejects on a write error; the record stays queued. */
  append(changes: Change[], at: number): Promise<void>;
  /** Retries queued records; resolves when all are on disk. */
  flush(): Promise<void>;
  /** `data` must include every change appended so far (it is tagged with the last seq). */
  saveSnapshot(data: T): Promise<void>;
  /**
   * The same for a big state: `capture` is called at once and must freeze the data as of every
   * change appended so far; its text (T's JSON, in pieces) is then written over many ticks.
   */
  saveSnapshotText(capture: () => CapturedText): Promise<void>;
  health(): DataStoreHealth;
  /** A problem found with the data folder outside the store's own reads and writes. */
  reportProblem(message: string): void;
  /** Called for each new problem (start-up ones are in `problems` already). */
  onProblem(listener: (problem: StoreProblem) => void): () => void;
  /** Called after each journal sync and snapshot with its duration, and on each write fault. */
  onActivity(listener: (activity: StoreActivity) => void): () => void;
  /** Flushes the journal and releases the data folder; rejects if records could not be written. */
  close(): Promise<void>;
}

const MAX_PROBLEMS = 100;

export async function openDataStore<T>(dir: string, opts: DataStoreOptions<T> = {}): Promise<DataStore<T>> {
  const now = opts.now ?? Date.now;
  await mkdir(dir, { recursive: true });
  const lock = await lockDataDir(dir);
  try {
    return await openLocked(dir, lock, opts, now);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function openLocked<T>(dir: string, lock: DataDirLock, opts: DataStoreOptions<T>, now: () => number): Promise<DataStore<T>> {
  const problems: StoreProblem[] = [];
  const opened = await SnapshotStore.open<T>(dir, { validate: opts.validate, now });
  problems.push(...opened.problems);
  const snapshot = opened.snapshot;
  const afterSeq = snapshot?.seq ?? 0;
  const journalOpts = { afterSeq, now, ...(opts.journalIo ? { io: opts.journalIo } : {}) };
  const { journal, records, firstSeq, problems: journalProblems } = await Journal.open(dir, journalOpts);
  problems.push(...journalProblems);
  if (!snapshot && opened.hadBadFile) problems.push({ at: now(), message: noSnapshotMessage(firstSeq, records) });
  return new Store<T>(dir, lock, opened.store, journal, problems, now, {
    data: snapshot?.data ?? null,
    seq: afterSeq,
    tail: records,
  }, snapshot?.savedAt ?? null);
}

function noSnapshotMessage(firstSeq: number | null, records: JournalRecord[]): string {
  if (firstSeq === null || records.length === 0) {
    return 'Both snapshot files were unusable and the journal is empty: starting with an empty state.';
  }
  const from = `seq ${firstSeq}, ${new Date(records[0]!.at).toISOString()}`;
  const lost = firstSeq > 1 ? ` Changes older than that were only in the unusable snapshots and are missing.` : '';
  return `Both snapshot files were unusable: the state was rebuilt by replaying the journal from its oldest record (${from}).${lost}`;
}

class Store<T> implements DataStore<T> {
  readonly problems: StoreProblem[];
  private failing = false;
  private lastSnapshotAt: number | null;
  private listeners = new Set<(problem: StoreProblem) => void>();
  private activityListeners = new Set<(activity: StoreActivity) => void>();

  constructor(
    readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly snapshots: SnapshotStore<T>,
    private readonly journal: Journal,
    problems: StoreProblem[],
    private readonly now: () => number,
    readonly restored: RestoredState<T>,
    lastSnapshotAt: number | null,
  ) {
    this.problems = problems;
    this.lastSnapshotAt = lastSnapshotAt;
    journal.onSynced = (seconds, records) => this.tell({ kind: 'journalSync', seconds, records });
    snapshots.onLateProblem((problem) => this.report(problem.message));
  }

  releaseRestored(): void {
    this.restored.data = null;
    this.restored.tail = [];
  }

  append(changes: Change[], at: number): Promise<void> {
    // A then, not an async frame: every durable callback comes through here. A throw while
    // the record is made (an unserialisable change) is a failed write, as it was in the frame.
    let appending: Promise<unknown>;
    try {
      appending = this.journal.append(changes, at);
    } catch (err) {
      appending = Promise.reject(err);
    }
    return appending.then(this.appended, this.appendFailed);
  }

  private readonly appended = (): void => this.noteWriteSuccess();

  private readonly appendFailed = (err: unknown): never => {
    this.noteWriteFailure(err);
    throw err;
  };

  async flush(): Promise<void> {
    try {
      await this.journal.flush();
    } catch (err) {
      this.noteWriteFailure(err);
      throw err;
    }
    this.noteWriteSuccess();
  }

  saveSnapshot(data: T): Promise<void> {
    const seq = this.journal.lastSeq;
    const savedAt = this.now();
    return this.afterSave(this.snapshots.save(data, seq, savedAt), savedAt);
  }

  saveSnapshotText(capture: () => CapturedText): Promise<void> {
    // The seq and the capture in the same tick: the text holds exactly the changes up to seq.
    const seq = this.journal.lastSeq;
    const savedAt = this.now();
    const text = capture();
    const saving = this.snapshots.saveText(text.pieces(), seq, savedAt);
    return this.afterSave(saving.finally(() => text.release()), savedAt);
  }

  private async afterSave(saving: Promise<void>, savedAt: number): Promise<void> {
    const started = performance.now();
    try {
      await saving;
    } catch (err) {
      this.tell({ kind: 'fault', part: 'snapshot' });
      this.report(`Saving the snapshot ${path.join(this.dir, 'state.json')} failed (${errorText(err)}); the journal still holds every change.`);
      throw err;
    }
    this.lastSnapshotAt = savedAt;
    this.tell({ kind: 'snapshot', seconds: (performance.now() - started) / 1000 });
    await this.journal.rotate();
    // Keep what the previous snapshot needs, so it plus the journal rebuilds the state should
    // the newest snapshot turn out unreadable.
    const previous = this.snapshots.previousSeq;
    if (previous !== null) await this.journal.deleteSegmentsUpTo(previous);
  }

  health(): DataStoreHealth {
    const lastError = this.journal.lastError;
    return {
      ok: this.problems.length === 0 && lastError === null,
      problems: this.problems.slice(),
      lastSnapshotAt: this.lastSnapshotAt,
      journalBytes: this.journal.bytes,
      pendingRecords: this.journal.pendingCount,
      lastError: lastError ? errorText(lastError) : null,
    };
  }

  onProblem(listener: (problem: StoreProblem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onActivity(listener: (activity: StoreActivity) => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  async close(): Promise<void> {
    try {
      await this.journal.close();
    } finally {
      await this.lock.release();
    }
  }

  private noteWriteFailure(err: unknown): void {
    if (this.failing) return; // one problem per failure streak, not one per event
    this.failing = true;
    this.tell({ kind: 'fault', part: 'journal' });
    this.report(
      `Writing the journal in ${path.join(this.dir, 'journal')} failed (${errorText(err)}). ` +
        `${this.journal.pendingCount} change record(s) are kept in memory and retried.`,
    );
  }

  private noteWriteSuccess(): void {
    if (!this.failing || this.journal.lastError !== null || this.journal.pendingCount > 0) return;
    this.failing = false;
    this.report('Journal writes work again; every queued change record is now on disk.');
  }

  private tell(activity: StoreActivity): void {
    for (const listener of this.activityListeners) {
      try {
        listener(activity);
      } catch {
        // Metrics must never turn into a store failure.
      }
    }
  }

  reportProblem(message: string): void {
    this.report(message);
  }

  private report(message: string): void {
    const problem = { at: this.now(), message };
    this.problems.push(problem);
    if (this.problems.length > MAX_PROBLEMS) this.problems.splice(0, this.problems.length - MAX_PROBLEMS);
    for (const listener of this.listeners) {
      try {
        listener(problem);
      } catch {
        // A listener's failure must not turn into a store failure.
      }
    }
  }
}
