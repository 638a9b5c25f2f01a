// The dashboard's backups: POST /api/backups makes one in the backup folder and answers it,
// GET /api/backups lists them newest first, backupKeep bounds how many stay, backupDir moves them.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRow } from '../../server/contract';
import { aec, channelId, userId } from '../support/aec-client';
import { removeDir, startHarness, tempDataDir, type Harness } from '../support/harness';

describe('backups through the admin API', () => {
  let harness: Harness;
  let elsewhere = '';
  beforeAll(async () => {
    harness = await startHarness();
    elsewhere = await tempDataDir('aec-backups-elsewhere-');
    expect((await harness.call(aec.createGlobal(channelId(), userId()))).status).toBe('1');
  });
  afterAll(async () => {
    await harness?.stop();
    await removeDir(elsewhere);
  });

  it('makes a backup on request and lists it', async () => {
    expect(await harness.get<BackupRow[]>('/api/backups')).toEqual([]);
    const res = await harness.post('/api/backups');
    expect(res.status).toBe(201);
    const made = (await res.json()) as BackupRow;
    expect(made.file).toMatch(/^aec-backup-.+\.tar\.gz$/);
    expect(made.bytes).toBeGreaterThan(0);
    expect(await harness.get<BackupRow[]>('/api/backups')).toEqual([made]);
    expect(await readdir(join(harness.dir, 'backups'))).toEqual([made.file]);
    // It holds the admin token: readable by its owner only.
    if (process.platform !== 'win32') expect((await stat(join(harness.dir, 'backups', made.file))).mode & 0o077).toBe(0);
  });

  it('keeps the newest backupKeep, newest first', async () => {
    expect((await harness.json('PUT', '/api/settings', { backupKeep: 2 })).status).toBe(200);
    const made: BackupRow[] = [];
    for (let i = 0; i < 3; i++) made.push((await (await harness.post('/api/backups')).json()) as BackupRow);
    const listed = await harness.get<BackupRow[]>('/api/backups');
    expect(listed.map((row) => row.file)).toEqual([made[2]!.file, made[1]!.file]);
    expect(listed[0]!.at).toBeGreaterThanOrEqual(listed[1]!.at);
  });

  it('writes to backupDir when it is set', async () => {
    expect((await harness.json('PUT', '/api/settings', { backupDir: elsewhere })).status).toBe(200);
    const made = (await (await harness.post('/api/backups')).json()) as BackupRow;
    expect(await readdir(elsewhere)).toEqual([made.file]);
    expect(await harness.get<BackupRow[]>('/api/backups')).toEqual([made]);
  });
});
