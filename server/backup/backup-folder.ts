// The folder automatic and dashboard backups go to: their names, the listing the admin API
// shows, and retention by count.

import { readdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { BackupRow } from '../contract';
import { fileTimestamp } from '../store/durable-file';

/** `aec-backup-2024-05-01T03-00-00.000Z.tar.gz`: sorts by time, and the time reads back. */
const BACKUP_NAME = /^aec-backup-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2}(?:\.\d{1,3})?)Z\.tar\.gz$/;
/** Work files of a backup in progress (see make-backup.ts); a crash may leave them behind. */
export const STAGING_PREFIX = '.aec-backup-staging-';
export const PARTIAL_MARK = '.partial-';
const LEFTOVER_AGE_MS = 24 * 3_600_000;

export function backupFileName(at: number): string {
  return `aec-backup-${fileTimestamp(at)}.tar.gz`;
}

/** Where backups go: the backupDir setting, or `backups` inside the data folder. */
export function backupFolder(dataDir: string, backupDir: string | null): string {
  return backupDir ?? path.join(dataDir, 'backups');
}

/** The backups in `folder`, newest first; a missing folder has none. */
export async function listBackups(folder: string): Promise<BackupRow[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const rows: BackupRow[] = [];
  for (const name of names) {
    const match = BACKUP_NAME.exec(name);
    if (!match) continue;
    const at = Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`);
    const bytes = await stat(path.join(folder, name)).then((s) => s.size, () => null);
    if (bytes !== null && Number.isFinite(at)) rows.push({ file: name, at, bytes });
  }
  return rows.sort((a, b) => b.at - a.at || (a.file < b.file ? 1 : -1));
}

/** Deletes all but the newest `keep` backups; returns the names deleted. */
export async function pruneBackups(folder: string, keep: number): Promise<string[]> {
  const doomed = (await listBackups(folder)).slice(Math.max(1, keep));
  for (const row of doomed) await unlink(path.join(folder, row.file)).catch(() => undefined);
  return doomed.map((row) => row.file);
}

/** Removes work files a crashed backup left: only day-old ones, a running backup's are younger. */
export async function removeLeftovers(folder: string, now: number): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX) && !(name.startsWith('aec-backup-') && name.includes(PARTIAL_MARK))) continue;
    const file = path.join(folder, name);
    const modified = await stat(file).then((s) => s.mtimeMs, () => now);
    if (now - modified > LEFTOVER_AGE_MS) await rm(file, { recursive: true, force: true });
  }
}
