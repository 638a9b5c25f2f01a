// Automatic backups, housekeeping-style: a timer looks every few minutes whether the newest
// backup in the backup folder is older than backupEveryHours, makes one if so, and keeps the
// newest backupKeep. The dashboard's "back up now" goes through the same queue, so two backups
// never run at once. Settings are read at each look: a change applies without a restart.

import path from 'node:path';
import type { BackupRow, SettingsView } from '../contract';
import { backupFileName, backupFolder, listBackups, pruneBackups, removeLeftovers } from './backup-folder';
import { makeBackup } from './make-backup';

const CHECK_EVERY_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

export interface BackupScheduleDeps {
  dataDir: string;
  settings: { view(): SettingsView };
  now: () => number;
  log: (line: string) => void;
}

export interface Backups {
  /** The backups in the backup folder, newest first. */
  list(): Promise<BackupRow[]>;
  /** Makes one now (after any running one), applies the retention, returns it. */
  create(): Promise<BackupRow>;
  /** Makes one if the newest is older than backupEveryHours (none when it is 0). */
  runIfDue(): Promise<BackupRow | null>;
  /** Stops the timer and resolves once a backup in progress is done. */
  stop(): Promise<void>;
}

export function startBackups(deps: BackupScheduleDeps, checkEveryMs = CHECK_EVERY_MS): Backups {
  const { dataDir, settings, now, log } = deps;
  const folder = (): string => backupFolder(dataDir, settings.view().backupDir);
  let queue: Promise<unknown> = Promise.resolve();
  let lastAt = 0;
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const create = (): Promise<BackupRow> =>
    enqueue(async () => {
      const where = folder();
      await removeLeftovers(where, Date.now());
      // Names carry the time to the millisecond: two backups never share one.
      const at = Math.max(now(), lastAt + 1);
      lastAt = at;
      const made = await makeBackup(dataDir, path.join(where, backupFileName(at)), () => at);
      await pruneBackups(where, settings.view().backupKeep);
      return { file: made.file, at: made.at, bytes: made.bytes };
    });
  const runIfDue = async (): Promise<BackupRow | null> => {
    const everyHours = settings.view().backupEveryHours;
    if (everyHours <= 0) return null;
    const newest = (await listBackups(folder()))[0];
    if (newest && now() - newest.at < everyHours * HOUR_MS) return null;
    return create();
  };
  const timer = setInterval(() => {
    runIfDue().then(
      (made) => made && log(`Backup written: ${made.file} (${made.bytes} bytes) in ${folder()}`),
      (error: Error) => log(`WARNING: automatic backup failed: ${error.message}`),
    );
  }, checkEveryMs);
  timer.unref();
  return {
    list: () => listBackups(folder()),
    create,
    runIfDue,
    stop: async () => {
      clearInterval(timer);
      await queue;
    },
  };
}
