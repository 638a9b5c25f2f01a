import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from '../../server/store';

describe('data folder lock after a restart with the same pid', () => {
  it('takes over a lock carrying our pid that this process does not hold (a container restarted as pid 1)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aec-lock-'));
    const leftOver = { pid: process.pid, hostname: os.hostname(), startedAt: 1 };
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(leftOver));
    const lock = await lockDataDir(dir);
    expect(lock.tookOverFrom).toEqual(leftOver);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')).startedAt).not.toBe(1);
    // A second open while this one is held is still refused.
    await expect(lockDataDir(dir)).rejects.toThrow(dir);
    await lock.release();
  });
});
