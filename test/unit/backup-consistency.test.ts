// A backup copies files a running store keeps changing: journal appends, snapshots that replace
// state.json and delete old journal segments. Every archive taken meanwhile must restore to a
// state that existed: its newest snapshot plus a journal that continues right after it.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeBackup } from '../../server/backup/make-backup';
import { restoreBackup } from '../../server/backup/restore-backup';
import { stageDataFolder } from '../../server/backup/stage-data-folder';
import type { Change } from '../../server/domain';
import { openDataStore } from '../../server/store';
import { tempDataDir } from '../support/harness';

interface Counted {
  /** Records appended when the snapshot was taken: equal to its seq in a consistent folder. */
  records: number;
}

const isCounted = (data: unknown): data is Counted => typeof (data as Counted | null)?.records === 'number';
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('backups of a store that keeps writing and snapshotting', () => {
  it('restore to a snapshot and a journal that continues right after it', { timeout: 60_000 }, async () => {
    const source = await tempDataDir('aec-bk-live-');
    const out = await tempDataDir('aec-bk-out-');
    dirs.push(source, out);
    const store = await openDataStore<Counted>(source, { validate: isCounted });
    let appended = 0;
    let stopping = false;
    const change = (n: number): Change[] => [{ op: 'liftBan', userId: `user-${n}`, at: n }];
    const writer = (async () => {
      while (!stopping) {
        await Promise.all(Array.from({ length: 5 }, () => store.append(change(++appended), appended)));
        // A snapshot after every batch: it replaces state.json and deletes journal segments, so
        // snapshots land while a backup copies.
        await store.saveSnapshot({ records: appended });
      }
    })();

    for (let n = 0; n < 6; n++) {
      const archive = join(out, `b${n}.tar.gz`);
      const made = await makeBackup(source, archive);
      const restoredDir = join(out, `r${n}`);
      await restoreBackup(archive, restoredDir);
      const restored = await openDataStore<Counted>(restoredDir, { validate: isCounted });
      const { data, seq, tail } = restored.restored;
      await restored.close();
      expect(restored.problems, `backup ${n}`).toEqual([]);
      expect(data?.records ?? 0).toBe(seq);
      expect(made.manifest.snapshotSeq ?? 0).toBe(seq);
      // Contiguous from the snapshot on: no record lost between the snapshot and the journal.
      expect(tail.map((record) => record.seq)).toEqual(tail.map((_, i) => seq + 1 + i));
      expect(seq + tail.length).toBeGreaterThan(0);
    }
    stopping = true;
    await writer;
    await store.close();
  });

  it('copies again when snapshots deleted the journal it needed while it copied', async () => {
    const source = await tempDataDir('aec-bk-race-');
    const staging = await tempDataDir('aec-bk-staging-');
    dirs.push(source, staging);
    const store = await openDataStore<Counted>(source, { validate: isCounted });
    let appended = 0;
    const snapshotAfter = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) await store.append([{ op: 'liftBan', userId: `u${++appended}`, at: appended }], appended);
      await store.saveSnapshot({ records: appended });
    };
    await snapshotAfter(3);
    let raced = 0;
    const staged = await stageDataFolder(source, staging, {
      // The first time: two more snapshots land after the copy of state.json, so the journal
      // segments that continue it are gone by the time the journal is listed.
      afterSnapshots: async () => {
        if (raced++ > 0) return;
        await snapshotAfter(3);
        await snapshotAfter(3);
        await store.append([{ op: 'liftBan', userId: 'late', at: 99 }], 99);
      },
    });
    await store.close();
    expect(raced).toBe(2);
    const copy = await openDataStore<Counted>(staging, { validate: isCounted });
    const { data, seq, tail } = copy.restored;
    await copy.close();
    expect(copy.problems).toEqual([]);
    expect([staged.snapshotSeq, seq, data?.records]).toEqual([9, 9, 9]);
    expect(tail.map((record) => record.seq)).toEqual([10]);
  });
});
