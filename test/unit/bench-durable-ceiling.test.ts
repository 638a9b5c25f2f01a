// The bench's durable ceiling (ceiling-server.ts --journal), run as the bench runs it: bundled,
// in a process of its own. Every callback it answered is in its journal.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTsServer, type ServerChild } from '../../server/simulator/bench/processes';
import { Journal } from '../../server/store';
import { JOURNAL_DIR } from '../../server/store/journal/journal-read';

const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function ceiling(args: string[]): Promise<{ server: ServerChild; url: string }> {
  const { server, match } = await startTsServer('server/simulator/bench/ceiling-server.ts', args, /ceiling listening (http:\/\/\S+)/);
  cleanup.push(() => server.stop());
  return { server, url: match[1] as string };
}

const post = (url: string, i: number): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `data=${encodeURIComponent(JSON.stringify({ action: 'AEC_LIVE_USER_PLAYING', userId: `v${i}` }))}&sign=x` });

describe('durable ceiling', () => {
  it('journals every callback it answers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aec-durable-ceiling-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const { server, url } = await ceiling(['--journal', dir]);

    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => post(url, i)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await Promise.all(replies.map((r) => r.text()))).toEqual(Array(20).fill('{"status":"1","data":"ok"}'));
    // Answered, so already written, while the server still runs (the zeros after the records are
    // the journal's room).
    const segments = await readdir(path.join(dir, JOURNAL_DIR));
    const text = (await Promise.all(segments.map((f) => readFile(path.join(dir, JOURNAL_DIR, f), 'utf8')))).join('').replace(/\0+/g, '');
    expect(text.split('\n').filter((line) => line.includes('"viewerReport"'))).toHaveLength(20);
    await server.stop();

    const { journal, records } = await Journal.open(dir);
    await journal.close();
    expect(records).toHaveLength(20);
    const users = records.map((r) => (r.changes[0] as { userId: string }).userId);
    expect(users.every((u) => u.includes('AEC_LIVE_USER_PLAYING'))).toBe(true);
  });
});
