// A corrupt or empty state file is never overwritten: it is moved aside, the previous
// snapshot plus the journal rebuild the state, and the operator is told at start-up and in
// /api/summary.

import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelDetail, ChannelRow, Summary } from '../../server/contract';
import { startHarness, tempDataDir } from '../support/harness';
import { serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { aec } from '../support/aec-client';

const TOKEN = 'corrupt-test-admin-token';
const running: ServeProcess[] = [];
let dir = '';
afterEach(async () => {
  for (const server of running.splice(0)) await stopServe(server);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Two clean runs: state.json then holds both shows, state.prev.json the first only. */
async function twoCleanRuns(dataDir: string): Promise<void> {
  const shows: [string, string, number][] = [
    ['Wz@Before_1-aaaa', '700001', 1111],
    ['Wz@Before_2-bbbb', '700002', 2222],
  ];
  for (const [channel, viewer, bytes] of shows) {
    const t = await startHarness({ dataDir, adminToken: TOKEN });
    for (const step of [aec.createGlobal(channel, 'owner'), aec.online(channel, viewer), aec.playing(channel, viewer, bytes)]) {
      expect((await t.call(step)).status).toBe('1');
    }
    await t.stop();
  }
}

async function expectRestored(rows: ChannelRow[], detail: (id: string) => Promise<ChannelDetail>): Promise<void> {
  expect(Object.fromEntries(rows.map((r) => [r.id, r.bytes]))).toEqual({ 'Wz@Before_1-aaaa': 1111, 'Wz@Before_2-bbbb': 2222 });
  expect((await detail('Wz@Before_2-bbbb')).sessions).toEqual([expect.objectContaining({ userId: '700002', bytes: 2222 })]);
}

describe('start on a corrupt state.json', () => {
  test('the CLI moves it aside, says so, and restores the state from the previous snapshot and the journal', { timeout: 120_000 }, async () => {
    dir = await tempDataDir();
    await twoCleanRuns(dir);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['state.json', 'state.prev.json']));
    const garbage = '{"format":1,"seq":12,"data":{"state":{"chan\u0000 garbage <<<';
    await writeFile(join(dir, 'state.json'), garbage);

    const server = await startServe(serveArgs(dir, ['--admin-token', TOKEN]));
    running.push(server);
    const printed = server.stdout() + server.stderr();
    expect(printed).toMatch(/WARNING: .*state\.json/);

    const files = await readdir(dir);
    const aside = files.filter((name) => name.startsWith('state.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(garbage);
    expect(printed).toContain(aside[0]);

    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(new URL(path, server.adminUrl), { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const summary = await get<Summary>('/api/summary');
    expect(summary.store.ok).toBe(false);
    const problems = summary.store.problems.map((p) => p.message).join('\n');
    expect(problems).toContain(join(dir, 'state.json'));
    expect(problems).toContain(aside[0]);
    expect(problems).toMatch(/state\.prev\.json.*journal/);
    expect(summary.bytesTotal).toBe(1111 + 2222);
    await expectRestored(await get<ChannelRow[]>('/api/channels'), (id) => get<ChannelDetail>(`/api/channels/${encodeURIComponent(id)}`));

    // It keeps working, and a clean stop writes a good state.json again without touching the bad one.
    const reply = await fetch(`${server.callbackUrl}aec?data=${encodeURIComponent(JSON.stringify(aec.online('Wz@Before_1-aaaa', '700009')))}`);
    expect(await reply.json()).toMatchObject({ status: '1' });
    expect(await stopServe(server)).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toMatchObject({ format: 1 });
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(garbage);
  });
});

describe('start on an empty state.json (in-process)', () => {
  test('moved aside, reported, state restored', async () => {
    dir = await tempDataDir();
    await twoCleanRuns(dir);
    await writeFile(join(dir, 'state.json'), '');
    const lines: string[] = [];
    const t = await startHarness({ dataDir: dir, adminToken: TOKEN, log: (line) => lines.push(line) });
    try {
      expect(lines.some((line) => line.startsWith('WARNING') && line.includes('state.json'))).toBe(true);
      expect((await readdir(dir)).some((name) => name.startsWith('state.json.corrupt-'))).toBe(true);
      expect((await t.get<Summary>('/api/summary')).store.problems.length).toBeGreaterThan(0);
      await expectRestored(await t.get<ChannelRow[]>('/api/channels'), (id) => t.get<ChannelDetail>(`/api/channels/${encodeURIComponent(id)}`));
    } finally {
      await t.stop();
    }
  });
});

describe('start on a state.json whose traffic history is damaged (in-process)', () => {
  test('the state is restored; the history keeps what it could read, and its text is kept and reported', async () => {
    dir = await tempDataDir();
    await twoCleanRuns(dir);
    // The history is read after start, from the byte span the file names at its end.
    const file = join(dir, 'state.json');
    const good = await readFile(file);
    const [, start, end] = /"deferred":\{"data\/history":\[(\d+),(\d+)\]\}/.exec(good.toString('latin1'))!;
    const history = good.subarray(Number(start), Number(end));
    const chunks = history.indexOf('"chunks":[');
    expect(chunks).toBeGreaterThan(0);
    history.write('"chunks":{', chunks, 'latin1'); // same length: the span still fits
    await writeFile(file, good);

    const lines: string[] = [];
    const t = await startHarness({ dataDir: dir, adminToken: TOKEN, log: (line) => lines.push(line) });
    try {
      await expectRestored(await t.get<ChannelRow[]>('/api/channels'), (id) => t.get<ChannelDetail>(`/api/channels/${encodeURIComponent(id)}`));
      await expect.poll(() => lines.find((line) => line.includes('traffic history'))).toMatch(/^WARNING: .*state\.json.*history\.unreadable-/);
      const kept = (await readdir(dir)).filter((name) => name.startsWith('history.unreadable-'));
      expect(kept).toHaveLength(1);
      expect(await readFile(join(dir, kept[0]!))).toEqual(history);
      const problems = (await t.get<Summary>('/api/summary')).store.problems.map((p) => p.message).join('\n');
      expect(problems).toContain(kept[0]);
      // The damaged state.json itself was not set aside: the state in it was good.
      expect((await readdir(dir)).some((name) => name.startsWith('state.json.corrupt-'))).toBe(false);
    } finally {
      await t.stop();
    }
  });
});
