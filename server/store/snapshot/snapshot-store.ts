// Snapshots of the whole state through lowdb, two generations deep: state.json and
// state.prev.json. A bad file is moved aside (never overwritten) and the other one is used.

import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { moveAside } from '../durable-file';
import { CorruptFileError, DurableJsonFile } from './durable-json-file';
import type { SnapshotEnvelope, StoreProblem } from '../types';
import { errorText, isRecord } from '../types';

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
  private readonly db: Low<SnapshotEnvelope<T | null>>;
  private readonly adapter: DurableJsonFile<SnapshotEnvelope<T | null>>;

  private constructor(dir: string, currentSeq: number | null, previousSeq: number | null, blockedBy: string | null) {
    this.currentSeq = currentSeq;
    this.previousSeq = previousSeq;
    this.blockedBy = blockedBy;
    const adapter = new DurableJsonFile<SnapshotEnvelope<T | null>>(path.join(dir, STATE_FILE), {
      previous: path.join(dir, PREVIOUS_STATE_FILE),
      onDemoted: () => {
        this.previousSeq = this.currentSeq;
        this.currentSeq = null;
      },
      onLanded: (envelope) => {
        this.currentSeq = envelope.seq;
      },
    });
    this.adapter = adapter;
    this.db = new Low(adapter, emptyEnvelope());
  }

  static async open<T>(dir: string, opts: SnapshotOpenOptions<T> = {}): Promise<OpenedSnapshots<T>> {
    const now = opts.now ?? Date.now;
    const problems: StoreProblem[] = [];
    await removeTempFiles(dir);
    const seqs: (number | null)[] = [];
    const goods: { name: typeof STATE_FILE | typeof PREVIOUS_STATE_FILE; envelope: SnapshotEnvelope<T> }[] = [];
    let blockedBy: string | null = null;
    let hadBadFile = false;
    for (const name of [STATE_FILE, PREVIOUS_STATE_FILE] as const) {
      const file = path.join(dir, name);
      const loaded = await load<T>(file, opts.validate);
      if (loaded.kind === 'good') {
        goods.push({ name, envelope: loaded.envelope });
        seqs.push(loaded.envelope.seq);
        continue;
      }
      seqs.push(null);
      if (loaded.kind === 'absent') continue;
      hadBadFile = true;
      const at = now();
      try {
        const movedTo = await moveAside(file, at);
        problems.push({ at, message: `The state file ${file} ${loaded.why}. It was moved aside to ${movedTo} (kept, not modified).` });
      } catch (err) {
        problems.push({
          at,
          message: `The state file ${file} ${loaded.why}, and it could not be moved aside (${errorText(err)}). It was left in place; fix or remove it by hand.`,
        });
        // Saving would replace (state.json) or demote over (state.prev.json) the bad file.
        blockedBy = `${file} is unreadable and could not be moved aside`;
      }
    }
    // Newest first: the higher seq wins, state.json on a tie.
    goods.sort((a, b) => b.envelope.seq - a.envelope.seq);
    const best = goods[0] ?? null;
    const store = new SnapshotStore<T>(dir, seqs[0] ?? null, seqs[1] ?? null, blockedBy);
    if (best && hadBadFile) {
      const e = best.envelope;
      problems.push({
        at: now(),
        message: `Started from ${best.name} (saved ${new Date(e.savedAt).toISOString()}, journal seq ${e.seq}) plus the journal after it.`,
      });
    }
    return { store, snapshot: best?.envelope ?? null, source: best?.name ?? null, hadBadFile, problems };
  }

  /**
   * Writes a snapshot durably; state.json becomes state.prev.json first. The data is
   * serialised before this returns its promise, so the caller may go on changing it.
   */
  async save(data: T, seq: number, savedAt: number): Promise<void> {
    if (this.blockedBy) throw new Error(`Snapshot not written: ${this.blockedBy}.`);
    this.db.data = { format: 1, seq, savedAt, data };
    await this.db.write();
  }

  /**
   * Like `save`, for data given as the JSON text of T in pieces (SnapshotText): the same file,
   * written over many ticks. The pieces are read after this returns; they must not change.
   */
  async saveText(dataPieces: Iterable<string>, seq: number, savedAt: number): Promise<void> {
    if (this.blockedBy) throw new Error(`Snapshot not written: ${this.blockedBy}.`);
    const envelope = function* (): Generator<string> {
      yield `{"format":1,"seq":${seq},"savedAt":${savedAt},"data":`;
      yield* dataPieces;
      yield '}';
    };
    await this.adapter.writePieces(envelope(), () => {
      this.currentSeq = seq;
    });
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
