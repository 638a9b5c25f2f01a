// Automatic backups: one when the newest is older than backupEveryHours (or there is none),
// none when it is 0, and only the newest backupKeep stay.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackups } from '../../server/backup/backup-schedule';
import { defaultSettings, type SettingsView } from '../../server/contract';
import { removeDir, tempDataDir } from '../support/harness';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

describe('automatic backups', () => {
  it('backs up once per backupEveryHours and keeps backupKeep of them', async () => {
    const dataDir = await tempDataDir('aec-schedule-');
    dirs.push(dataDir);
    let now = Date.parse('2024-05-01T03:00:00Z');
    const settings: SettingsView = { ...structuredClone(defaultSettings), backupEveryHours: 24, backupKeep: 2 };
    const log: string[] = [];
    const backups = startBackups({ dataDir, settings: { view: () => settings }, now: () => now, log: (line) => log.push(line) });
    try {
      const first = await backups.runIfDue();
      expect(first?.at).toBe(now);
      now += 23 * HOUR;
      expect(await backups.runIfDue()).toBeNull();
      now += 1 * HOUR;
      expect((await backups.runIfDue())?.at).toBe(now);
      now += 24 * HOUR;
      const third = await backups.runIfDue();
      const listed = await backups.list();
      expect(listed.map((row) => row.at)).toEqual([third!.at, third!.at - 24 * HOUR]);
      expect((await readdir(join(dataDir, 'backups'))).sort()).toEqual(listed.map((row) => row.file).sort());

      settings.backupEveryHours = 0;
      now += 1000 * HOUR;
      expect(await backups.runIfDue()).toBeNull();
    } finally {
      await backups.stop();
    }
  });
});
