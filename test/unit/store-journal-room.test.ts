// The zero-filled room the journal keeps ahead of its writes (segment-room.ts): records land in
// blocks the file already has, and nothing a reader sees changes because of it.

import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { Journal, nodeJournalIo } from '../../server/store';
import type { JournalIo } from '../../server/store';
import { FIRST_ROOM_STEP, ROOM_STEP } from '../../server/store/journal/segment-room';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-journal-room-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ban = (n: number): Change[] => [{ op: 'liftBan', userId: `u${n}`, at: 1000 + n }];
const users = (records: { changes: Change[] }[]) => records.map((r) => (r.changes[0]?.op === 'liftBan' ? r.changes[0].userId : '?'));

async function segmentPaths(folder = dir): Promise<string[]> {
  const journalDir = path.join(folder, 'journal');
  return (await readdir(journalDir)).sort().map((name) => path.join(journalDir, name));
}

/** The data folder as a crash would leave it: the journal copied while still open. */
async function crashImage(): Promise<string> {
  const image = await mkdtemp(path.join(os.tmpdir(), 'aec-journal-crash-'));
  await cp(path.join(dir, 'journal'), path.join(image, 'journal'), { recursive: true });
  return image;
}

describe('journal room ahead of the writes', () => {
  it('writes records into zero-filled room without growing the file', async () => {
    const { journal } = await Journal.open(dir);
    await journal.append(ban(1), 1);
    const [segment] = await segmentPaths();
    const sizeAfterFirst = (await stat(segment!)).size;
    expect(sizeAfterFirst).toBeGreaterThanOrEqual(journal.bytes + FIRST_ROOM_STEP);
    // A quiet segment does not get a whole megabyte of zeros.
    expect(sizeAfterFirst).toBeLessThan(journal.bytes + ROOM_STEP);
    for (let i = 2; i <= 50; i++) await journal.append(ban(i), 1);
    expect((await stat(segment!)).size).toBe(sizeAfterFirst);
    const tail = (await readFile(segment!)).subarray(journal.bytes);
    expect(tail.every((byte) => byte === 0)).toBe(true);
    await journal.close();
  });

  it('gives back every acknowledged record after a crash, then drops the room and carries on', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 20; i++) await journal.append(ban(i), 1);
    const bytes = journal.bytes;
    const image = await crashImage();
    await journal.close();
    try {
      const reopened = await Journal.open(image);
      expect(users(reopened.records)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i + 1}`));
      expect(reopened.problems).toEqual([]);
      const [segment] = await segmentPaths(image);
      expect((await stat(segment!)).size).toBe(bytes);
      await reopened.journal.append(ban(21), 1);
      await reopened.journal.close();
      const again = await Journal.open(image);
      expect(again.records.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(again.problems).toEqual([]);
      await again.journal.close();
    } finally {
      await rm(image, { recursive: true, force: true });
    }
  });

  it('drops a line torn inside the room, like a torn last line', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 3; i++) await journal.append(ban(i), 1);
    const image = await crashImage();
    const bytes = journal.bytes;
    await journal.close();
    try {
      const [segment] = await segmentPaths(image);
      const buf = await readFile(segment!);
      buf.write('{"seq":4,"at":1,"changes":[{"op":"lif', bytes, 'utf8');
      await writeFile(segment!, buf);
      const reopened = await Journal.open(image);
      expect(reopened.records.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(reopened.problems).toEqual([]);
      expect((await stat(segment!)).size).toBe(bytes);
      await reopened.journal.close();
    } finally {
      await rm(image, { recursive: true, force: true });
    }
  });

  it('reads an older segment that still has its room (a crash while rotating) without a problem', async () => {
    const { journal } = await Journal.open(dir);
    await journal.append(ban(1), 1);
    await journal.rotate();
    await journal.append(ban(2), 1);
    await journal.close();
    const [first] = await segmentPaths();
    await writeFile(first!, Buffer.concat([await readFile(first!), Buffer.alloc(ROOM_STEP)]));
    const reopened = await Journal.open(dir);
    expect(users(reopened.records)).toEqual(['u1', 'u2']);
    expect(reopened.problems).toEqual([]);
    await reopened.journal.close();
  });

  it('reports zeros before a record as damage instead of dropping the records after them', async () => {
    const { journal } = await Journal.open(dir);
    await journal.close();
    const [segment] = await segmentPaths();
    const line = (seq: number) => `${JSON.stringify({ seq, at: 1, changes: ban(seq) })}\n`;
    await writeFile(segment!, Buffer.concat([Buffer.from(line(1)), Buffer.alloc(300), Buffer.from(`\n${line(2)}`), Buffer.alloc(5000)]));
    const reopened = await Journal.open(dir);
    expect(users(reopened.records)).toEqual(['u1', 'u2']);
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]!.message).toContain('line 2');
    await reopened.journal.close();
  });

  it('leaves closed and rotated segments holding only their records', async () => {
    const { journal } = await Journal.open(dir);
    for (let i = 1; i <= 5; i++) await journal.append(ban(i), 1);
    const firstBytes = journal.bytes;
    await journal.rotate();
    await journal.append(ban(6), 1);
    const [first, second] = await segmentPaths();
    expect((await stat(first!)).size).toBe(firstBytes);
    expect((await stat(second!)).size).toBeGreaterThan(journal.bytes - firstBytes);
    await journal.close();
    expect((await stat(second!)).size).toBe(journal.bytes - firstBytes);
    const reopened = await Journal.open(dir);
    expect(reopened.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    await reopened.journal.close();
  });

  it('appends the records as before when the room cannot be made (a full disk)', async () => {
    let zeroWrites = 0;
    const io: JournalIo = {
      ...nodeJournalIo,
      async write(file, data, position) {
        if (data.length > 0 && data.every((byte) => byte === 0)) {
          zeroWrites++;
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await nodeJournalIo.write(file, data, position);
      },
    };
    const { journal } = await Journal.open(dir, { io });
    for (let i = 1; i <= 10; i++) await journal.append(ban(i), 1);
    expect(zeroWrites).toBe(1); // tried once for this segment, not before every commit
    const [segment] = await segmentPaths();
    expect((await stat(segment!)).size).toBe(journal.bytes);
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(reopened.records).toHaveLength(10);
    expect(reopened.problems).toEqual([]);
    await reopened.journal.close();
  });
});
