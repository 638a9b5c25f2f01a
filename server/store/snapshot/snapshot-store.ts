// Snapshots of the whole state, two generations deep: state.json and state.prev.json, read
// through lowdb, written in pieces and closed by a checksum (snapshot-checksum.ts). A bad file
// is moved aside (never overwritten) and the other one is used. When state.json is good the
// older file is checked in the background, and a save waits for that check.

import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { moveAside } from '../durable-file';
import { CorruptFileError, DurableJsonFile } from './durable-json-file';
import type { SnapshotEnvelope, StoreProblem } from '../types';
import { errnoCode, errorText, isRecord } from '../types';
import { verifyChecksum, withChecksum } from './snapshot-checksum';
import { withDeferredSpans, type SnapshotPiece } from './deferred-members';

export const STATE_FILE = 'state.json';
export const PREVIOUS_STATE_FILE = 'state.prev.json';

export interface SnapshotOpenOptions<T> {
  /** Checks the `data` of a snapshot; a file whose data fails it is treated as corrupt. */
  validate?: (data: unknown) => data is T;
  now?: () => number;
}

export interface OpenedSnapshots<T> {
  store: SnapshotStore<T>;
  /** The newest good snapshot, or null when there is none. */
  snapshot: SnapshotEnvelope<T> | null;
  /** Which file it came from. */
  source: typeof STATE_FILE | typeof PREVIOUS_STATE_FILE | null;
  /** Set when at least one snapshot file was bad or unreadable. */
  hadBadFile: boolean;
  problems: StoreProblem[];
}

type Loaded<T> = { kind: 'absent' } | { kind: 'good'; envelope: SnapshotEnvelope<T> } | { kind: 'bad'; why: string };

export class SnapshotStore<T> {
  /** Seq of the snapshot now in state.json / state.prev.json, null when that file is absent. */
  currentSeq: number | null;
  previousSeq: number | null;
  /** Set when a bad state.json could not be moved aside: writing would destroy it. */
  private blockedBy: string | null;
  /** Settles once state.prev.json is known intact or has been moved aside; saves wait for it. */
  private previousChecked: Promise<void> = Promise.resolve();
  private lateListener: ((problem: StoreProblem) => void) | null = null;
  private readonly lateProblems: StoreProblem[] = [];
  private readonly adapter: DurableJsonFile<SnapshotEnvelope<T | null>>;

  private constructor(
    private readonly dir: string,
    currentSeq: number | null,
    previousSeq: number | null,
    blockedBy: string | null,
  ) {
    this.currentSeq = currentSeq;
    this.previousSeq = previousSeq;
    this.blockedBy = blockedBy;
    const adapter = new DurableJsonFile<SnapshotEnvelope<T | null>>(path.join(dir, STATE_FILE), {
      previous: path.join(dir, PREVIOUS_STATE_FILE),
      onDemoted: () => {
        this.previousSeq = this.currentSeq;
        this.currentSeq = null;
      },
    });
    this.adapter = adapter;
  }

  static async open<T>(dir: string, opts: SnapshotOpenOptions<T> = {}): Promise<OpenedSnapshots<T>> {
    const now = opts.now ?? Date.now;
    await removeTempFiles(dir);
    const current = await inspect<T>(path.join(dir, STATE_FILE), opts.validate, now);
    // A good state.json is the newest snapshot: the older one need only be known intact before a
    // save replaces it, and a background check finds that out (checkPrevious).
    const deferPrevious = current.loaded.kind === 'good';
    const previous = deferPrevious ? null : await inspect<T>(path.join(dir, PREVIOUS_STATE_FILE), opts.validate, now);
    const problems = [...current.problems, ...(previous?.problems ?? [])];
    const goods: { name: typeof STATE_FILE | typeof PREVIOUS_STATE_FILE; envelope: SnapshotEnvelope<T> }[] = [];
    if (current.loaded.kind === 'good') goods.push({ name: STATE_FILE, envelope: current.loaded.envelope });
    if (previous?.loaded.kind === 'good') goods.push({ name: PREVIOUS_STATE_FILE, envelope: previous.loaded.envelope });
    // Newest first: the higher seq wins, state.json on a tie.
    goods.sort((a, b) => b.envelope.seq - a.envelope.seq);
    const best = goods[0] ?? null;
    const hadBadFile = current.loaded.kind === 'bad' || previous?.loaded.kind === 'bad';
    const seqOf = (found: Inspected<T> | null): number | null => (found?.loaded.kind === 'good' ? found.loaded.envelope.seq : null);
    const store = new SnapshotStore<T>(dir, seqOf(current), seqOf(previous), current.blockedBy ?? previous?.blockedBy ?? null);
    if (deferPrevious) store.previousChecked = store.checkPrevious(opts.validate, now);
    if (best && hadBadFile) {
      const e = best.envelope;
      problems.push({
        at: now(),
        message: `Started from ${best.name} (saved ${new Date(e.savedAt).toISOString()}, journal seq ${e.seq}) plus the journal after it.`,
      });
    }
    return { store, snapshot: best?.envelope ?? null, source: best?.name ?? null, hadBadFile, problems };
  }

  /** Told of a bad older snapshot found after start (the background check). */
  onLateProblem(listener: (problem: StoreProblem) => void): void {
    this.lateListener = listener;
    for (const problem of this.lateProblems.splice(0)) listener(problem);
  }

  /**
   * Checks state.prev.json in the background: its checksum, or for a file without one a full
   * load. A bad one is moved aside (a save then has nothing to replace) or, if it cannot be,
   * blocks saving, as a bad file found at start does. Never throws.
   */
  private async checkPrevious(validate: ((data: unknown) => data is T) | undefined, now: () => number): Promise<void> {
    const file = path.join(this.dir, PREVIOUS_STATE_FILE);
    let why: string;
    try {
      const verdict = await verifyChecksum(file);
      if (verdict === 'matches') return;
      if (verdict === 'differs') why = 'does not match the checksum written at its end (damaged on disk)';
      else {
        const loaded = await load<T>(file, validate);
        if (loaded.kind !== 'bad') return;
        why = loaded.why;
      }
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      why = `could not be read (${errorText(err)})`;
    }
    const aside = await setAside(file, why, now);
    if (aside.blockedBy) this.blockedBy = aside.blockedBy;
    for (const problem of aside.problems) {
      if (this.lateListener) this.lateListener(problem);
      else this.lateProblems.push(problem);
    }
  }

  /**
   * Writes a snapshot durably; state.json becomes state.prev.json first. The data is
   * serialised before this returns its promise, so the caller may go on changing it.
   */
  async save(data: T, seq: number, savedAt: number): Promise<void> {
    const text = JSON.stringify(data);
    await this.saveText([text], seq, savedAt);
  }

  /**
   * Like `save`, for data given as the JSON text of T in pieces (SnapshotText): the same file,
   * written over many ticks. The pieces are read after this returns; they must not change.
   * A value between DeferredMarks is read back unparsed, as JsonText (deferred-members.ts).
   */
  async saveText(dataPieces: Iterable<SnapshotPiece>, seq: number, savedAt: number): Promise<void> {
    await this.previousChecked;
    if (this.blockedBy) throw new Error(`Snapshot not written: ${this.blockedBy}.`);
    const envelope = function* (): Generator<SnapshotPiece> {
      yield `{"format":1,"seq":${seq},"savedAt":${savedAt},"data":`;
      for (const piece of dataPieces) yield typeof piece === 'string' ? piece : { ...piece, path: `data/${piece.path}` };
    };
    await this.adapter.writePieces(withChecksum(withDeferredSpans(envelope())), () => {
      this.currentSeq = seq;
    });
  }
}

interface Inspected<T> {
  loaded: Loaded<T>;
  problems: StoreProblem[];
  /** Set when the file was bad and could not be moved aside: writing would destroy it. */
  blockedBy?: string;
}

/** Loads a snapshot file; a bad one is moved aside, and the operator told. */
async function inspect<T>(file: string, validate: ((data: unknown) => data is T) | undefined, now: () => number): Promise<Inspected<T>> {
  const loaded = await load<T>(file, validate);
  if (loaded.kind !== 'bad') return { loaded, problems: [] };
  return { loaded, ...(await setAside(file, loaded.why, now)) };
}

async function setAside(file: string, why: string, now: () => number): Promise<{ problems: StoreProblem[]; blockedBy?: string }> {
  const at = now();
  try {
    const movedTo = await moveAside(file, at);
    return { problems: [{ at, message: `The state file ${file} ${why}. It was moved aside to ${movedTo} (kept, not modified).` }] };
  } catch (err) {
    const message = `The state file ${file} ${why}, and it could not be moved aside (${errorText(err)}). It was left in place; fix or remove it by hand.`;
    // Saving would replace (state.json) or demote over (state.prev.json) the bad file.
    return { problems: [{ at, message }], blockedBy: `${file} is unreadable and could not be moved aside` };
  }
}

function emptyEnvelope<T>(): SnapshotEnvelope<T | null> {
  return { format: 1, seq: 0, savedAt: 0, data: null };
}

async function load<T>(file: string, validate?: (data: unknown) => data is T): Promise<Loaded<T>> {
  const fallback = emptyEnvelope<unknown>();
  const db = new Low<unknown>(new DurableJsonFile<unknown>(file), fallback);
  try {
    await db.read();
  } catch (err) {
    if (err instanceof CorruptFileError) return { kind: 'bad', why: err.why };
    return { kind: 'bad', why: `could not be read (${errorText(err)})` };
  }
  if (db.data === fallback) return { kind: 'absent' };
  const value = db.data;
  if (!isRecord(value) || value.format !== 1 || !('data' in value)) {
    return { kind: 'bad', why: 'is not an AEC Live Monitor snapshot (format 1 envelope missing)' };
  }
  const { seq, savedAt } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0 || typeof savedAt !== 'number') {
    return { kind: 'bad', why: 'has an invalid snapshot header (seq / savedAt)' };
  }
  if (validate && !validate(value.data)) return { kind: 'bad', why: 'holds data that does not have the expected shape' };
  return { kind: 'good', envelope: { format: 1, seq, savedAt, data: value.data as T } };
}

/** Temp files left by a crash mid-save were never a snapshot; they only take space. */
async function removeTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir);
  for (const name of names) {
    if (name.startsWith(`${STATE_FILE}.tmp-`)) await unlink(path.join(dir, name)).catch(() => undefined);
  }
}
