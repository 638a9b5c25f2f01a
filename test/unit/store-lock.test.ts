import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, openDataStore } from '../../server/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startIdleProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

async function writeLock(pid: number): Promise<void> {
  await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: os.hostname(), startedAt: Date.now() }));
}

describe('data folder lock', () => {
  it('refuses a second open of the same folder, naming the folder and the pid, until the first closes', async () => {
    const first = await openDataStore(dir);
    const second = openDataStore(dir);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(
      `The data folder ${dir} is in use by another AEC Live Monitor (pid ${process.pid}). Stop it or pick another --data-dir.`,
    );
    await first.close();
    const third = await openDataStore(dir);
    await third.close();
  });

  it('refuses a folder locked by another live process', async () => {
    const { child, exited } = startIdleProcess();
    try {
      await writeLock(child.pid!);
      await expect(openDataStore(dir)).rejects.toThrow(`(pid ${child.pid})`);
      // The other process's lock is left alone.
      expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('takes over a lock left by a process that is gone, and removes its own lock on close', async () => {
    const { child, exited } = startIdleProcess();
    child.kill('SIGKILL');
    await exited;
    await writeLock(child.pid!);
    const store = await openDataStore(dir);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await store.close();
    await expect(readFile(path.join(dir, LOCK_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over an empty lock file (a crash while it was being written)', async () => {
    await writeFile(path.join(dir, LOCK_FILE), '');
    const store = await openDataStore(dir);
    await store.close();
  });
});
