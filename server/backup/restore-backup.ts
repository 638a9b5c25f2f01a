// Restoring a backup into a data folder. Never into a folder a server is using (its lock says
// so), and never over data unless asked: with `force` the folder's data is moved aside into
// `replaced-<time>/`, not deleted, so a restore from the wrong archive can be undone.

import { mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ReadEntry } from 'tar';
import { fileTimestamp, fsyncDir } from '../store/durable-file';
import { LOCK_FILE, lockDataDir } from '../store';
import { MANIFEST_FILE, parseManifest, type BackupManifest } from './backup-manifest';
import { BackupError } from './backup-error';
import { DATA_ENTRIES } from './stage-data-folder';

export interface RestoreOptions {
  /** Restore over existing data (moved aside first). */
  force?: boolean;
  now?: () => number;
}

export interface RestoredBackup {
  manifest: BackupManifest;
  /** Where the folder's previous data went (with `force`), or null. */
  movedAsideTo: string | null;
}

const MOVED_ASIDE_PREFIX = 'replaced-';
/** Entries that do not make a folder "in use": ours, and the default home of automatic backups. */
const NOT_DATA = new Set([LOCK_FILE, 'backups']);

export async function restoreBackup(fromFile: string, dataDir: string, options: RestoreOptions = {}): Promise<RestoredBackup> {
  const archive = path.resolve(fromFile);
  const manifest = await readManifest(archive);
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  // Taken for the whole restore: a server starting meanwhile must not read half a folder.
  const lock = await lockDataDir(dir);
  try {
    const present = (await readdir(dir)).filter((name) => !NOT_DATA.has(name) && !name.startsWith(MOVED_ASIDE_PREFIX));
    let movedAsideTo: string | null = null;
    if (present.length > 0) {
      if (!options.force) {
        throw new BackupError(
          `The data folder ${dir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}). ` +
            'Pick an empty folder, or pass --force to move its data aside and restore over it.',
        );
      }
      movedAsideTo = await moveAside(dir, present, (options.now ?? Date.now)());
    }
    const { extract } = await import('tar');
    await extract({ file: archive, cwd: dir, strict: true, filter: (entry) => isDataPath(entry) });
    await syncTree(dir);
    return { manifest, movedAsideTo };
  } finally {
    await lock.release();
  }
}

/** The manifest, read before anything is written: an archive that is not ours is refused whole. */
async function readManifest(archive: string): Promise<BackupManifest> {
  await stat(archive).catch(() => {
    throw new BackupError(`No backup file at ${archive}.`);
  });
  let text: string | null = null;
  const { list } = await import('tar');
  await list({
    file: archive,
    strict: true,
    filter: (entry) => normalise(entry) === MANIFEST_FILE,
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
    },
  }).catch((err: Error) => {
    throw new BackupError(`${archive} is not a readable backup archive (${err.message}).`);
  });
  const manifest = text === null ? null : parseManifest(text);
  if (!manifest) throw new BackupError(`${archive} is not an AEC Live Monitor backup (no ${MANIFEST_FILE} in it).`);
  return manifest;
}

function normalise(entryPath: string): string {
  return entryPath.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
}

/** Only the files a data folder holds: nothing else an archive might carry lands in it. */
function isDataPath(entryPath: string): boolean {
  const [top, ...rest] = normalise(entryPath).split('/');
  if (top === undefined || !DATA_ENTRIES.includes(top)) return false;
  return rest.length === 0 || (rest.length === 1 && rest[0] !== '..' && rest[0] !== '.');
}

async function moveAside(dir: string, names: string[], at: number): Promise<string> {
  const aside = path.join(dir, `${MOVED_ASIDE_PREFIX}${fileTimestamp(at)}`);
  await mkdir(aside);
  for (const name of names) await rename(path.join(dir, name), path.join(aside, name));
  await fsyncDir(dir);
  return aside;
}

/** The restored files must survive a power cut before a server is started on them. */
async function syncTree(dir: string): Promise<void> {
  for (const entry of DATA_ENTRIES) {
    const full = path.join(dir, entry);
    const info = await stat(full).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) {
      for (const name of await readdir(full)) await syncFile(path.join(full, name));
      await fsyncDir(full);
    } else {
      await syncFile(full);
    }
  }
  await fsyncDir(dir);
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
