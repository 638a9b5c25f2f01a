// One backup: a consistent copy of the data folder (stage-data-folder.ts) packed into a
// gzip'd tar archive that lands under its final name only once it is complete and on disk.

import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { BackupRow } from '../contract';
import { fsyncDir } from '../store/durable-file';
import { PARTIAL_MARK, STAGING_PREFIX } from './backup-folder';
import { MANIFEST_FILE, type BackupManifest } from './backup-manifest';
import { DATA_ENTRIES, stageDataFolder } from './stage-data-folder';

export interface MadeBackup extends BackupRow {
  /** Absolute path of the archive. */
  path: string;
  manifest: BackupManifest;
}

/**
 * Backs up `dataDir` (in use by a server or not) to `toFile`. The work files sit beside the
 * archive, so the audit log's finished files can be hard-linked rather than copied.
 */
export async function makeBackup(dataDir: string, toFile: string, now: () => number = Date.now): Promise<MadeBackup> {
  const target = path.resolve(toFile);
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true });
  const staging = await mkdtemp(path.join(folder, STAGING_PREFIX));
  const partial = `${target}${PARTIAL_MARK}${process.pid}`;
  try {
    const createdAt = now();
    const staged = await stageDataFolder(path.resolve(dataDir), staging);
    const manifest: BackupManifest = { format: 1, app: 'aec-live-monitor', createdAt, dataDir: path.resolve(dataDir), ...staged };
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeArchive(staging, partial);
    await rename(partial, target);
    await fsyncDir(folder);
    const bytes = (await stat(target)).size;
    return { file: path.basename(target), at: createdAt, bytes, path: target, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

async function writeArchive(staging: string, file: string): Promise<void> {
  // The manifest first, so a restore reads it before anything else.
  const present = [];
  for (const entry of [MANIFEST_FILE, ...DATA_ENTRIES]) if (await stat(path.join(staging, entry)).then(() => true, () => false)) present.push(entry);
  // gzip on Node's zlib threads, not node-tar's in-line compressor: a backup taken inside the
  // server must not hold up the callbacks it answers meanwhile.
  // Imported here, not at start: a backup is rare, and every start would pay for loading tar.
  const { create: createTar } = await import('tar');
  const tar = createTar({ cwd: staging, portable: true }, present);
  // Owner-only: the archive holds settings.json, with the admin token and webhook keys.
  await pipeline(Readable.from(tar), createGzip(), createWriteStream(file, { mode: 0o600 }));
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
