import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSnapshotData, openDataStore, type SnapshotData } from '../../server/store';
import { restoreState } from '../../server/core/restore';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'store-crash-slices-writer.ts');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-crash-slices-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the writer and SIGKILLs it after `killAfter` acknowledgements; resolves with their count. */
function runUntilKilled(killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      acked += chunk.split('acked').length - 1;
      if (acked >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer ended without being killed: ${stderr}`))));
  });
}

describe('kill -9 while snapshots are written in slices', () => {
  it('restores every acknowledged report exactly once: sessions, user totals and history agree with the journal', async () => {
    let acked = 0;
    for (let round = 0; round < 3; round++) acked += await runUntilKilled(1500 + Math.floor(Math.random() * 1500));
    const store = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
    // Every record is one counted report: the state holds exactly as many as the journal's seqs.
    const records = store.restored.seq + store.restored.tail.length;
    const snapshotSeq = store.restored.seq;
    const { state, history } = restoreState(store);
    await store.close();
    let reports = 0;
    for (const byUser of state.sessions.values()) for (const s of byUser.values()) reports += s.reports;
    const minutes = [...state.users.values()].reduce((sum, u) => sum + u.minutesWatched, 0);
    const historyMinutes = history.userTotals('90d', Date.UTC(2025, 5, 16)).reduce((sum, u) => sum + u.minutesWatched, 0);
    expect(snapshotSeq).toBeGreaterThan(0); // a sliced snapshot landed
    expect(records).toBeGreaterThanOrEqual(acked);
    expect(reports).toBe(records);
    expect(minutes).toBe(records);
    expect(historyMinutes).toBe(records);
    expect(store.problems).toEqual([]);
  }, 120_000);
});
