// The older snapshot (state.prev.json) is checked by its checksum after start instead of being
// parsed before it: a damaged one must still be found and moved aside before a save replaces it.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PREVIOUS_STATE_FILE, SnapshotStore, STATE_FILE } from '../../server/store';
import type { StoreProblem } from '../../server/store/types';
import { removeDir, tempDataDir } from '../support/harness';

let dir: string;
afterEach(async () => {
  if (dir) await removeDir(dir);
});

type Data = { rows: number[] };
const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && Array.isArray((value as Data).rows);

/** Two generations written by this version: state.prev.json at seq 1, state.json at seq 2. */
async function twoGenerations(): Promise<void> {
  dir = await tempDataDir('aec-checksum-');
  const { store } = await SnapshotStore.open<Data>(dir, { validate: isData });
  await store.save({ rows: [1, 2, 3] }, 1, 1000);
  await store.save({ rows: [4, 5, 6] }, 2, 2000);
}

async function openAndSave(): Promise<{ problems: StoreProblem[]; late: StoreProblem[]; files: string[]; loadedSeq: number | null }> {
  const opened = await SnapshotStore.open<Data>(dir, { validate: isData });
  const late: StoreProblem[] = [];
  opened.store.onLateProblem((problem) => late.push(problem));
  await opened.store.save({ rows: [7] }, 3, 3000);
  return { problems: opened.problems, late, files: (await readdir(dir)).sort(), loadedSeq: opened.snapshot?.seq ?? null };
}

describe('the snapshot checksum', () => {
  it('closes every snapshot with the SHA-256 of the bytes before it, and the file stays JSON', async () => {
    await twoGenerations();
    const text = await readFile(join(dir, STATE_FILE), 'utf8');
    expect(text).toMatch(/,"sha256":"[0-9a-f]{64}"\}$/);
    expect(JSON.parse(text)).toMatchObject({ format: 1, seq: 2, data: { rows: [4, 5, 6] } });
  });

  it('lets an intact older snapshot be, without a problem', async () => {
    await twoGenerations();
    const { problems, late, files, loadedSeq } = await openAndSave();
    expect(loadedSeq).toBe(2);
    expect([...problems, ...late]).toEqual([]);
    expect(files).toEqual([STATE_FILE, PREVIOUS_STATE_FILE].sort());
    expect(JSON.parse(await readFile(join(dir, PREVIOUS_STATE_FILE), 'utf8')).seq).toBe(2);
  });

  it('finds an older snapshot damaged on disk (still valid JSON) and moves it aside before the save', async () => {
    await twoGenerations();
    const file = join(dir, PREVIOUS_STATE_FILE);
    await writeFile(file, (await readFile(file, 'utf8')).replace('[1,2,3]', '[1,2,9]'));
    const { problems, late, files, loadedSeq } = await openAndSave();
    expect(loadedSeq).toBe(2);
    expect(problems).toEqual([]);
    expect(late).toHaveLength(1);
    expect(late[0]!.message).toMatch(/state\.prev\.json does not match the checksum .* moved aside to .*corrupt-/);
    const aside = files.filter((name) => name.startsWith(`${PREVIOUS_STATE_FILE}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toContain('[1,2,9]');
  });

  it('parses an older snapshot written without a checksum, and moves it aside when it is broken', async () => {
    await twoGenerations();
    await writeFile(join(dir, PREVIOUS_STATE_FILE), '{"format":1,"seq":1,"savedAt":1000,"data":{"rows":[1,2');
    const { late, files } = await openAndSave();
    expect(late.map((p) => p.message).join()).toMatch(/state\.prev\.json is not valid JSON/);
    expect(files.some((name) => name.startsWith(`${PREVIOUS_STATE_FILE}.corrupt-`))).toBe(true);
  });

  it('still reads both generations at start when the newer one is bad', async () => {
    await twoGenerations();
    await writeFile(join(dir, STATE_FILE), '{"format":1,"seq":2,');
    const opened = await SnapshotStore.open<Data>(dir, { validate: isData });
    expect(opened.source).toBe(PREVIOUS_STATE_FILE);
    expect(opened.snapshot?.data).toEqual({ rows: [1, 2, 3] });
    expect(opened.problems.map((p) => p.message).join()).toMatch(/state\.json is not valid JSON/);
  });
});
