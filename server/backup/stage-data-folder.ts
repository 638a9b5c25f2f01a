// A consistent copy of a data folder that a running server keeps writing, made by reading its
// files (the server holds the folder's lock; we never write into it). The state is consistent
// when the journal copied after the snapshots continues where the newest snapshot ends: a
// snapshot taken meanwhile may delete journal segments, and then the copy is taken again. The
// journal's last line may be cut mid-write; replay drops such a torn line (journal-read.ts), and
// it was never acknowledged. The audit log is copied up to its last complete batch.

import { constants, copyFile, link, mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PREVIOUS_STATE_FILE, STATE_FILE } from '../store';
import { AUDIT_DIR, listAuditFiles } from '../store/audit/audit-files';
import { JOURNAL_DIR, listSegments } from '../store/journal/journal-read';
import { SETTINGS_FILE } from '../settings/settings-file';
import { BackupError } from './backup-error';

export interface StagedFolder {
  /** Journal seq of the newest snapshot copied, null when there is none. */
  snapshotSeq: number | null;
  journalSegments: number;
  auditFiles: number;
}

/** What a backup holds of a data folder, and all a restore writes into one. */
export const DATA_ENTRIES: readonly string[] = [STATE_FILE, PREVIOUS_STATE_FILE, SETTINGS_FILE, JOURNAL_DIR, AUDIT_DIR];

/** Snapshots are written every minute: more than a few in a row during one copy means a stuck disk. */
const ATTEMPTS = 5;

export interface StageHooks {
  /** For tests: runs between copying the snapshots and listing the journal, the racy moment. */
  afterSnapshots?: () => Promise<void>;
}

/** Copies the state (snapshots, journal, settings) and the audit log of `dataDir` into `staging`. */
export async function stageDataFolder(dataDir: string, staging: string, hooks: StageHooks = {}): Promise<StagedFolder> {
  for (let attempt = 1; ; attempt++) {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const state = await copyState(dataDir, staging, hooks);
    if (state !== 'changed') return { ...state, auditFiles: await copyAudit(dataDir, staging) };
    if (attempt >= ATTEMPTS) {
      throw new BackupError(`The data folder ${dataDir} changed under every one of ${ATTEMPTS} attempts to copy it; try again.`);
    }
  }
}

async function copyState(dataDir: string, staging: string, hooks: StageHooks): Promise<Omit<StagedFolder, 'auditFiles'> | 'changed'> {
  // Snapshots first, journal after: the journal copied is never older than the snapshots.
  const seqs: number[] = [];
  for (const name of [STATE_FILE, PREVIOUS_STATE_FILE]) {
    if (!(await copyIfPresent(path.join(dataDir, name), path.join(staging, name)))) continue;
    const seq = await snapshotSeq(path.join(staging, name));
    if (seq !== null) seqs.push(seq);
  }
  await copyIfPresent(path.join(dataDir, SETTINGS_FILE), path.join(staging, SETTINGS_FILE));
  await hooks.afterSnapshots?.();
  const snapshotSeqValue = seqs.length > 0 ? Math.max(...seqs) : null;
  const segments = await listSegments(path.join(dataDir, JOURNAL_DIR)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  await mkdir(path.join(staging, JOURNAL_DIR));
  for (const segment of segments) {
    // Gone: a snapshot landed meanwhile and deleted it.
    if (!(await copyIfPresent(segment.file, path.join(staging, JOURNAL_DIR, path.basename(segment.file))))) return 'changed';
  }
  const first = segments[0];
  if (first && first.firstSeq > (snapshotSeqValue ?? 0) + 1) return 'changed';
  return { snapshotSeq: snapshotSeqValue, journalSegments: segments.length };
}

/**
 * Older audit files are finished and never written again: hard-linked when the backup goes to
 * the same disk (no copy of a 2 GB log), copied otherwise. The newest one is being appended to
 * and is always copied.
 */
async function copyAudit(dataDir: string, staging: string): Promise<number> {
  const from = path.join(dataDir, AUDIT_DIR);
  const to = path.join(staging, AUDIT_DIR);
  await mkdir(to);
  const files = await listAuditFiles(from).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  let copied = 0;
  for (const [index, file] of files.entries()) {
    const target = path.join(to, path.basename(file.path));
    const newest = index === files.length - 1;
    // A file gone meanwhile was past the retention: it is rightly not in the backup.
    if (await (newest ? copyIfPresent(file.path, target) : linkOrCopy(file.path, target))) copied++;
  }
  return copied;
}

async function linkOrCopy(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    return copyIfPresent(from, to); // another disk (EXDEV), or a file system without hard links
  }
}

/** False when the source does not exist. */
async function copyIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await copyFile(from, to, constants.COPYFILE_FICLONE);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** The `seq` of a snapshot file; its header comes first (SnapshotStore writes `{format, seq, ...}`). */
async function snapshotSeq(file: string): Promise<number | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(128);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const match = /^\{"format":1,"seq":(\d+),/.exec(head.toString('utf8', 0, bytesRead));
    if (match?.[1]) return Number(match[1]);
    // Not in the usual layout: read it whole rather than guess.
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    const seq = typeof value === 'object' && value !== null ? (value as { seq?: unknown }).seq : undefined;
    return typeof seq === 'number' ? seq : null;
  } catch {
    return null; // unreadable: the server moves such a file aside on start and uses the other one
  } finally {
    await handle.close();
  }
}
