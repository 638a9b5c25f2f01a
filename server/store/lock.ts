// One running AEC Live Monitor per data folder: two writers would interleave their journals.

import { open, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { errnoCode, isRecord } from './types';

export const LOCK_FILE = 'aec-live-monitor.lock';

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: number;
  /** os.uptime() when taken: a smaller uptime now means the machine rebooted since. */
  uptime?: number;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    const who =
      holder.hostname === os.hostname()
        ? `another AEC Live Monitor (pid ${holder.pid})`
        : `another AEC Live Monitor on host ${holder.hostname} (pid ${holder.pid})`;
    super(`The data folder ${dir} is in use by ${who}. Stop it or pick another --data-dir.`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Set when a lock left by a dead process was taken over. */
  readonly tookOverFrom: LockInfo | null;
  release(): Promise<void>;
}

function parseLock(text: string): LockInfo | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return null;
    const { pid, hostname, startedAt } = value;
    if (typeof pid !== 'number' || typeof hostname !== 'string' || typeof startedAt !== 'number') return null;
    const uptime = typeof value.uptime === 'number' ? value.uptime : undefined;
    return uptime === undefined ? { pid, hostname, startedAt } : { pid, hostname, startedAt, uptime };
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return errnoCode(err) === 'EPERM';
  }
}

function isStale(holder: LockInfo): boolean {
  if (holder.hostname !== os.hostname()) return false; // cannot check another machine's pids
  // Taken before the last reboot: stale even if an unrelated process has its pid now.
  // Uptime, not wall time, so a clock correction cannot fake a reboot.
  if (holder.uptime !== undefined && os.uptime() < holder.uptime) return true;
  // Our own pid but not a folder this process holds: left by an earlier run that had the
  // same pid (a container restarts as pid 1 after a kill -9).
  if (holder.pid === process.pid) return !heldHere.has(holder.startedAt);
  return !pidAlive(holder.pid);
}

async function readHolder(file: string): Promise<LockInfo | null | 'gone'> {
  try {
    return parseLock(await readFile(file, 'utf8'));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
}

/** Takes `<dir>/aec-live-monitor.lock` with O_EXCL; throws DataDirLockedError when it is held. */
/** startedAt of the locks this process holds now. */
const heldHere = new Set<number>();

export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: Date.now(), uptime: os.uptime() };
  let tookOverFrom: LockInfo | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify(info), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST' || attempt >= 5) throw err;
    }
    let holder = await readHolder(file);
    if (holder === null) {
      // Empty or half-written: maybe another process is writing it right now. Look again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      holder = await readHolder(file);
    }
    if (holder === 'gone') continue;
    if (holder !== null && !isStale(holder)) throw new DataDirLockedError(dir, holder);
    tookOverFrom = holder ?? { pid: 0, hostname: '?', startedAt: 0 };
    await unlink(file).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw err;
    });
  }
  heldHere.add(info.startedAt);
  let released = false;
  return {
    file,
    info,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(info.startedAt);
      // Only remove our own lock: never one another process took over meanwhile.
      const holder = await readHolder(file).catch(() => null);
      if (holder !== null && holder !== 'gone' && holder.pid === info.pid && holder.startedAt === info.startedAt) {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}
