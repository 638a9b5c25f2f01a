import { mkdtemp, readdir, readFile, rm, stat, appendFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { Journal, nodeJournalIo } from '../../server/store';
import type { JournalIo } from '../../server/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ban = (n: number): Change[] => [{ op: 'liftBan', userId: `u${n}`, at: 1000 + n }];
const users = (records: { changes: Change[] }[]) =>
  records.map((r) => (r.changes[0]?.op === 'liftBan' ? r.changes[0].userId : '?'));

function ioError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated disk failure`), { code });
}

async function segmentFiles(): Promise<string[]> {
  return (await readdir(path.join(dir, 'journal'))).sort();
}

describe('journal group commit', () => {
  it('covers every append made while a sync is in flight with one more write and one more sync', async () => {
    let release!: () => void;
    let entered!: () => void;
    const firstSyncEntered = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (release = r));
    let syncCalls = 0;
    const io: JournalIo = {
      ...nodeJournalIo,
      async datasync(file) {
        syncCalls++;
        if (syncCalls === 1) {
          entered();
          await gate;
        }
        await nodeJournalIo.datasync(file);
      },
    };
    const { journal } = await Journal.open(dir, { io });
    const first = journal.append(ban(0), 1);
    await firstSyncEntered;
    const rest = Array.from({ length: 200 }, (_, i) => journal.append(ban(i + 1), 1));
    expect(journal.pendingCount).toBe(201);
    release();
    await Promise.all([first, ...rest]);
    expect(syncCalls).toBe(2);
    expect(journal.stats).toMatchObject({ writes: 2, syncs: 2, records: 201 });
    await journal.close();
  });

  it('writes a burst of appends from one tick with a single fdatasync', async () => {
    const { journal } = await Journal.open(dir);
    const acks = await Promise.all(Array.from({ length: 1000 }, (_, i) => journal.append(ban(i), 1)));
    expect(acks.map((r) => r.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(journal.stats.syncs).toBe(1);
    await journal.close();
  });
});

describe('journal on disk', () => {
  it('gives back every acknowledged record after reopening, and continues the seq', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 5; i++) await journal.append(ban(i), 1);
    await journal.close();
    const again = await Journal.open(dir);
    expect(again.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(users(again.records)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(again.problems).toEqual([]);
    const next = await again.journal.append(ban(6), 1);
    expect(next.seq).toBe(6);
    await again.journal.close();
  });

  it('returns only records after the snapshot seq and never reuses a seq the snapshot covers', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 4; i++) await journal.append(ban(i), 1);
    await journal.close();
    const tail = await Journal.open(dir, { afterSeq: 2 });
    expect(tail.records.map((r) => r.seq)).toEqual([3, 4]);
    expect(tail.firstSeq).toBe(1);
    await tail.journal.close();
    const ahead = await Journal.open(dir, { afterSeq: 10 });
    expect(ahead.records).toEqual([]);
    expect((await ahead.journal.append(ban(11), 1)).seq).toBe(11);
    await ahead.journal.close();
  });

  it('does not read a segment the snapshot wholly covers, and still counts its bytes and keeps it for the older snapshot', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 3; i++) await journal.append(ban(i), 1);
    await journal.rotate();
    for (let i = 4; i <= 5; i++) await journal.append(ban(i), 1);
    await journal.close();
    const [covered] = await segmentFiles();
    // Damage in the covered segment: never read once a snapshot covers it.
    await appendFile(path.join(dir, 'journal', covered!), 'not json\n');
    const sizes = await Promise.all((await segmentFiles()).map(async (name) => (await stat(path.join(dir, 'journal', name))).size));
    const tail = await Journal.open(dir, { afterSeq: 3 });
    expect(tail.records.map((r) => r.seq)).toEqual([4, 5]);
    expect(tail.problems).toEqual([]);
    expect(tail.firstSeq).toBe(1);
    expect(tail.journal.bytes).toBe(sizes[0]! + sizes[1]!);
    await tail.journal.close();
    // Read from the older snapshot's seq, the same segment is replayed (and its damage reported).
    const older = await Journal.open(dir, { afterSeq: 1 });
    expect(older.records.map((r) => r.seq)).toEqual([2, 3, 4, 5]);
    expect(older.problems).toHaveLength(1);
    await older.journal.close();
  });

  it('ignores a torn last line and cuts it off so the next append starts clean', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 3; i++) await journal.append(ban(i), 1);
    await journal.close();
    const [segment] = await segmentFiles();
    const file = path.join(dir, 'journal', segment!);
    const goodSize = (await stat(file)).size;
    await appendFile(file, '{"seq":4,"at":1,"changes":[{"op":"liftB');
    const reopened = await Journal.open(dir);
    expect(reopened.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(reopened.problems).toEqual([]);
    expect((await stat(file)).size).toBe(goodSize);
    await reopened.journal.append(ban(4), 1);
    await reopened.journal.close();
    const last = await Journal.open(dir);
    expect(users(last.records)).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(last.problems).toEqual([]);
    await last.journal.close();
  });

  it('skips a damaged line in the middle and reports which file and line', async () => {
    const journalDir = path.join(dir, 'journal');
    const { journal } = await Journal.open(dir);
    await journal.close();
    const [segment] = await segmentFiles();
    const lines = [
      JSON.stringify({ seq: 1, at: 1, changes: ban(1) }),
      'this is not json',
      JSON.stringify({ seq: 2, at: 1, changes: ban(2) }),
    ];
    await writeFile(path.join(journalDir, segment!), lines.join('\n') + '\n');
    const reopened = await Journal.open(dir);
    expect(users(reopened.records)).toEqual(['u1', 'u2']);
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]!.message).toContain(segment!);
    expect(reopened.problems[0]!.message).toContain('line 2');
    await reopened.journal.close();
  });

  it('starts a new segment on rotate and deletes only segments wholly covered', async () => {
    const { journal } = await Journal.open(dir);
    await journal.append(ban(1), 1);
    await journal.append(ban(2), 1);
    await journal.rotate();
    await journal.append(ban(3), 1);
    await journal.rotate();
    await journal.rotate(); // nothing written since: no empty extra segment
    expect(await segmentFiles()).toEqual(['0000000000000001.ndjson', '0000000000000003.ndjson', '0000000000000004.ndjson']);
    expect(await journal.deleteSegmentsUpTo(1)).toBe(0); // segment 1 still holds seq 2
    expect(await journal.deleteSegmentsUpTo(2)).toBe(1);
    expect(await segmentFiles()).toEqual(['0000000000000003.ndjson', '0000000000000004.ndjson']);
    await journal.append(ban(4), 1);
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(reopened.records.map((r) => r.seq)).toEqual([3, 4]);
    await reopened.journal.close();
  });
});

describe('journal write errors', () => {
  function failingIo() {
    const state = { failWrite: null as string | null, failSync: null as string | null };
    const io: JournalIo = {
      ...nodeJournalIo,
      async write(file, data, position) {
        if (state.failWrite) {
          // Half the batch reaches the file before the disk gives up.
          await nodeJournalIo.write(file, data.subarray(0, Math.floor(data.length / 2)), position);
          throw ioError(state.failWrite);
        }
        await nodeJournalIo.write(file, data, position);
      },
      async datasync(file) {
        if (state.failSync) throw ioError(state.failSync);
        await nodeJournalIo.datasync(file);
      },
    };
    return { state, io };
  }

  it('rejects the appends, keeps them queued, and writes them with a later append: nothing lost, nothing twice', async () => {
    const { state, io } = failingIo();
    const { journal } = await Journal.open(dir, { io });
    await journal.append(ban(1), 1);
    state.failWrite = 'ENOSPC';
    const failed = await Promise.allSettled([journal.append(ban(2), 1), journal.append(ban(3), 1)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason.code).toBe('ENOSPC');
    expect(journal.pendingCount).toBe(2);
    expect((journal.lastError as NodeJS.ErrnoException | null)?.code).toBe('ENOSPC');
    state.failWrite = null;
    await journal.append(ban(4), 1);
    expect(journal.pendingCount).toBe(0);
    expect(journal.lastError).toBeNull();
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(reopened.records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(users(reopened.records)).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(reopened.problems).toEqual([]);
    await reopened.journal.close();
  });

  it('retries on flush() after a failed fdatasync without writing the records twice', async () => {
    const { state, io } = failingIo();
    const { journal } = await Journal.open(dir, { io });
    state.failSync = 'EIO';
    await expect(journal.append(ban(1), 1)).rejects.toMatchObject({ code: 'EIO' });
    await expect(journal.flush()).rejects.toMatchObject({ code: 'EIO' });
    expect(journal.pendingCount).toBe(1);
    state.failSync = null;
    await journal.flush();
    expect(journal.pendingCount).toBe(0);
    await journal.close();
    const text = await readFile(path.join(dir, 'journal', (await segmentFiles())[0]!), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('leaves no half-written line behind when a segment is closed after a failed write', async () => {
    const { state, io } = failingIo();
    const { journal } = await Journal.open(dir, { io });
    await journal.append(ban(1), 1);
    state.failWrite = 'ENOSPC';
    await expect(journal.append(ban(2), 1)).rejects.toThrow();
    state.failWrite = null;
    await journal.rotate();
    await journal.flush();
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(reopened.problems).toEqual([]);
    expect(users(reopened.records)).toEqual(['u1', 'u2']);
    await reopened.journal.close();
  });

  it('close() reports records that could not be written', async () => {
    const { state, io } = failingIo();
    const { journal } = await Journal.open(dir, { io });
    state.failWrite = 'EIO';
    await expect(journal.append(ban(1), 1)).rejects.toThrow();
    await expect(journal.close()).rejects.toMatchObject({ code: 'EIO' });
  });
});
