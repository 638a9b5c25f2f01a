// Small file-system steps that make writes survive a power cut or kill -9.

import { access, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from './types';

/**
 * Makes a directory entry change (create, rename, delete) durable. Windows cannot open a
 * directory for syncing; there the rename itself is as durable as it gets.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = errnoCode(err);
    if (process.platform === 'win32' && (code === 'EPERM' || code === 'EISDIR' || code === 'EACCES')) return;
    throw err;
  } finally {
    await handle?.close();
  }
}

/** `2024-05-01T12-30-00.000Z`: an ISO time usable in a file name on every OS. */
export function fileTimestamp(at: number): string {
  return new Date(at).toISOString().replace(/:/g, '-');
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Renames a bad file to `<name>.corrupt-<time>` beside it, never replacing another file, so
 * the operator (or support) can still look at it. Returns the new base name.
 */
export async function moveAside(file: string, at: number): Promise<string> {
  const base = `${file}.corrupt-${fileTimestamp(at)}`;
  let target = base;
  for (let n = 2; await exists(target); n++) target = `${base}-${n}`;
  await rename(file, target);
  await fsyncDir(path.dirname(file));
  return path.basename(target);
}

/**
 * Keeps bytes that could not be used (part of a file already in use) as `<name>.unreadable-<time>`
 * in `dir`, never replacing another file, for the operator or support. Returns the file's name.
 */
export async function keepUnreadable(dir: string, name: string, bytes: Uint8Array, at: number): Promise<string> {
  const base = path.join(dir, `${name}.unreadable-${fileTimestamp(at)}`);
  let target = base;
  for (let n = 2; await exists(target); n++) target = `${base}-${n}`;
  const handle = await open(target, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDir(dir);
  return path.basename(target);
}
