import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../store/durable-file';
import { settingsFileSchema, type SettingsFile } from './schema';

export const SETTINGS_FILE = 'settings.json';

export function newAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface LoadedSettingsFile {
  file: SettingsFile;
  problem?: string;
}

/** A missing file is a first run; a broken one is moved aside, never overwritten. */
export async function loadSettingsFile(dataDir: string): Promise<LoadedSettingsFile> {
  const path = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file: {} };
    throw error;
  }
  let parsed: ReturnType<typeof settingsFileSchema.safeParse>;
  try {
    parsed = settingsFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = settingsFileSchema.safeParse(undefined);
  }
  if (parsed.success) return { file: parsed.data };
  const aside = `${path}.broken-${new Date().toISOString().replace(/:/g, '-')}`;
  await rename(path, aside);
  return { file: {}, problem: `settings file ${path} was unreadable; moved to ${aside} and defaults used` };
}

export async function saveSettingsFile(dataDir: string, file: SettingsFile): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, SETTINGS_FILE);
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  // The rename itself must survive a power loss: a rotated token or a ban setting is not lost.
  await fsyncDir(dataDir);
}
