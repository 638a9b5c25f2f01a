// `npm run backup` while the server answers a steady stream of callbacks, `npm run restore` into
// a new folder, and a server started on it: the same channels, the bytes of one consistent
// moment (everything answered before the backup began, nothing that was never sent), and the
// same audit entries. Also what restore refuses: a folder in use, and one with data in it.

import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import type { AuditEntry, ChannelDetail, ChannelRow, Summary } from '../../server/contract';
import { aec, sendCallback } from '../support/aec-client';
import { tempDataDir } from '../support/harness';
import { serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const TOKEN = 'backup-test-admin-token-0123456789';
const CHANNELS = 4;
const VIEWERS = 3;

const channelOf = (c: number): string => `Wz@Bkup_${c}-chan__`.slice(0, 16);
const viewerOf = (c: number, v: number): string => `fan_${c}-${v}`;

/** Runs `server/cli.ts <args>` as the npm scripts do; resolves with its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

function admin<T>(server: ServeProcess, path: string): Promise<T> {
  return fetch(new URL(path, server.adminUrl), { headers: { Authorization: `Bearer ${TOKEN}` } }).then(async (res) => {
    if (res.status !== 200) throw new Error(`${path} -> ${res.status}`);
    return (await res.json()) as T;
  });
}

/** Every audit entry, oldest first, paging back through the API. */
async function auditOf(server: ServeProcess): Promise<Pick<AuditEntry, 'id' | 'at' | 'action' | 'channelId' | 'userId' | 'decision' | 'code'>[]> {
  const all: AuditEntry[] = [];
  for (let before = ''; ; ) {
    const page = await admin<AuditEntry[]>(server, `/api/audit?limit=1000${before}`);
    all.push(...page);
    if (page.length < 1000) break;
    before = `&before=${page[page.length - 1]!.id}`;
  }
  return all.reverse().map(({ id, at, action, channelId, userId, decision, code }) => ({ id, at, action, channelId, userId, decision, code }));
}

const running: ServeProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await stopServe(server);
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function serve(dir: string): Promise<ServeProcess> {
  const server = await startServe(serveArgs(dir, [], TOKEN));
  running.push(server);
  return server;
}

async function stop(server: ServeProcess): Promise<void> {
  running.splice(running.indexOf(server), 1);
  expect(await stopServe(server)).toBe(0);
}

describe('backup and restore', () => {
  test('a backup taken under load restores to the same channels, bytes and audit entries', { timeout: 180_000 }, async () => {
    const source = await tempDataDir('aec-backup-src-');
    const target = await tempDataDir('aec-backup-dst-');
    const archive = join(await tempDataDir('aec-backup-file-'), 'studio.tar.gz');
    dirs.push(source, target, join(archive, '..'));

    // The show: channels and their viewers, and a clean stop so a snapshot holds them.
    let server = await serve(source);
    for (let c = 0; c < CHANNELS; c++) {
      expect((await sendCallback(server.callbackUrl, aec.createGlobal(channelOf(c), `owner-${c}`, '0', `show ${c}`))).status).toBe('1');
      for (let v = 0; v < VIEWERS; v++) expect((await sendCallback(server.callbackUrl, aec.online(channelOf(c), viewerOf(c, v)))).status).toBe('1');
    }
    await stop(server);
    server = await serve(source);

    // Viewers report, one callback after the other, until the backup is done.
    const sent: { channel: number; viewer: number; bytes: number }[] = [];
    let answered = 0;
    let backupDone = false;
    let loadStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (loadStarted = resolve));
    const load = (async () => {
      for (let i = 0; !backupDone || i < 50; i++) {
        const report = { channel: i % CHANNELS, viewer: Math.floor(i / CHANNELS) % VIEWERS, bytes: 1000 + i };
        sent.push(report);
        const reply = await sendCallback(server.callbackUrl, aec.playing(channelOf(report.channel), viewerOf(report.channel, report.viewer), report.bytes));
        expect(reply.status).toBe('1');
        answered++;
        if (answered === 20) loadStarted();
      }
    })();
    await started;
    const answeredBefore = answered;
    const backup = await cli(['backup', '--data-dir', source, '--to', archive]);
    const sentBy = sent.length;
    backupDone = true;
    await load;
    expect(backup.out).toContain(`written to ${archive}`);
    expect(backup.code).toBe(0);
    const sourceAudit = await auditOf(server);
    await stop(server);

    const restore = await cli(['restore', '--from', archive, '--data-dir', target]);
    expect(restore.code, restore.out).toBe(0);
    const restored = await serve(target);

    const rows = await admin<ChannelRow[]>(restored, '/api/channels');
    expect(rows.map((row) => [row.id, row.owner, row.name]).sort()).toEqual(
      Array.from({ length: CHANNELS }, (_, c) => [channelOf(c), `owner-${c}`, `show ${c}`]).sort(),
    );
    // The bytes are those of the first k reports for one k: a moment that existed, taken after
    // every report answered before the backup began and before any report not yet sent.
    const summary = await admin<Summary>(restored, '/api/summary');
    let k = 0;
    for (let total = 0; total < summary.bytesTotal && k < sent.length; k++) total += sent[k]!.bytes;
    expect(sent.slice(0, k).reduce((n, r) => n + r.bytes, 0)).toBe(summary.bytesTotal);
    expect(k).toBeGreaterThanOrEqual(answeredBefore);
    expect(k).toBeLessThanOrEqual(sentBy);
    for (let c = 0; c < CHANNELS; c++) {
      const detail = await admin<ChannelDetail>(restored, `/api/channels/${encodeURIComponent(channelOf(c))}`);
      const expected = sent.slice(0, k).filter((r) => r.channel === c);
      expect(detail.channel.bytes).toBe(expected.reduce((n, r) => n + r.bytes, 0));
      for (let v = 0; v < VIEWERS; v++) {
        const session = detail.sessions.find((s) => s.userId === viewerOf(c, v));
        expect(session?.bytes, viewerOf(c, v)).toBe(expected.filter((r) => r.viewer === v).reduce((n, r) => n + r.bytes, 0));
      }
    }
    // The audit log: every entry of the show, and the reports up to about the backup, as they were.
    const restoredAudit = await auditOf(restored);
    const sourceById = new Map(sourceAudit.map((entry) => [entry.id, entry]));
    expect(restoredAudit.length).toBeGreaterThanOrEqual(CHANNELS * (1 + VIEWERS));
    for (const entry of restoredAudit) expect(entry).toEqual(sourceById.get(entry.id));
    expect(restoredAudit.map((entry) => entry.id)).toEqual(sourceAudit.slice(0, restoredAudit.length).map((entry) => entry.id));
    await stop(restored);
  });

  test('restore refuses a folder a server is using, and one with data unless --force', { timeout: 120_000 }, async () => {
    const source = await tempDataDir('aec-backup-src-');
    const archive = join(await tempDataDir('aec-backup-file-'), 'one.tar.gz');
    dirs.push(source, join(archive, '..'));
    const server = await serve(source);
    expect((await sendCallback(server.callbackUrl, aec.createGlobal(channelOf(9), 'owner-9'))).status).toBe('1');
    expect((await cli(['backup', '--data-dir', source, '--to', archive])).code).toBe(0);

    const inUse = await cli(['restore', '--from', archive, '--data-dir', source]);
    expect(inUse.code).toBe(2);
    expect(inUse.out).toMatch(/in use by another AEC Live Monitor \(pid \d+\)/);
    await stop(server);

    const notEmpty = await cli(['restore', '--from', archive, '--data-dir', source]);
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.out).toMatch(/is not empty .*--force/s);

    const forced = await cli(['restore', '--from', archive, '--data-dir', source, '--force']);
    expect(forced.code, forced.out).toBe(0);
    const aside = (await readdir(source)).filter((name) => name.startsWith('replaced-'));
    expect(aside).toHaveLength(1);
    expect(await readdir(join(source, aside[0]!))).toEqual(expect.arrayContaining(['journal', 'settings.json']));
    const again = await serve(source);
    expect((await admin<ChannelRow[]>(again, '/api/channels')).map((row) => row.id)).toEqual([channelOf(9)]);

    const notOurs = await cli(['restore', '--from', join(root, 'package.json'), '--data-dir', join(archive, '..', 'elsewhere')]);
    expect(notOurs.code).toBe(2);
    expect(notOurs.out).toMatch(/not a readable backup archive/);
  });
});
