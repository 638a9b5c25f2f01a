import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataStore } from '../../server/store';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'store-crash-writer.ts');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the writer and SIGKILLs it right after its `killAfter`-th acknowledgement. */
function runUntilKilled(killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^acked (\d+)$/.exec(line);
        if (match) acked.push(Number(match[1]));
      }
      if (acked.length >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('kill -9 while appending', () => {
  it('keeps every acknowledged record exactly once, across several crashes', async () => {
    const acked: number[] = [];
    for (let round = 0; round < 3; round++) {
      acked.push(...(await runUntilKilled(20 + Math.floor(Math.random() * 300))));
    }
    const store = await openDataStore<{ users: string[] }>(dir);
    const users = [...(store.restored.data?.users ?? [])];
    for (const record of store.restored.tail) {
      for (const c of record.changes) if (c.op === 'liftBan') users.push(c.userId);
    }
    await store.close();
    const counts = new Map<string, number>();
    for (const u of users) counts.set(u, (counts.get(u) ?? 0) + 1);
    const missing = acked.filter((n) => !counts.has(String(n)));
    const twice = [...counts].filter(([, c]) => c > 1).map(([u]) => u);
    expect(acked.length).toBeGreaterThanOrEqual(60);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(store.problems).toEqual([]);
  }, 60_000);
});
