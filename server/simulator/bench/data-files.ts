import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Sizes of every file under a data folder, by relative path. */
export async function dataFiles(dir: string, prefix = ''): Promise<Record<string, number>> {
  const files: Record<string, number> = {};
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, await dataFiles(full, `${prefix}${entry.name}/`));
    else if (entry.isFile()) files[`${prefix}${entry.name}`] = (await stat(full)).size;
  }
  return files;
}
