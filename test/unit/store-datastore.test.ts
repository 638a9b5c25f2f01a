import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { nodeJournalIo, openDataStore } from '../../server/store';
import type { DataStore, JournalIo } from '../../server/store';

interface Data {
  users: string[];
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aec-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const isData = (v: unknown): v is Data =>
  typeof v === 'object' && v !== null && Array.isArray((v as Data).users);

/** A tiny "state": the users whose ban was lifted, in order. Applied like the lead applies changes. */
class Model {
  users: string[] = [];
  constructor(readonly store: DataStore<Data>) {
    this.users = [...(store.restored.data?.users ?? [])];
    for (const record of store.restored.tail) this.apply(record.changes);
  }
  apply(changes: Change[]): void {
    for (const c of changes) if (c.op === 'liftBan') this.users.push(c.userId);
  }
  /** Apply in memory, then wait for durability, like a callback handler does. */
  async lift(userId: string): Promise<void> {
    const changes: Change[] = [{ op: 'liftBan', userId, at: 1 }];
    this.apply(changes);
    await this.store.append(changes, 1);
  }
  snapshot(): Promise<void> {
    return this.store.saveSnapshot({ users: this.users });
  }
}

async function open(opts: { journalIo?: JournalIo } = {}) {
  const store = await openDataStore<Data>(dir, { validate: isData, ...opts });
  return new Model(store);
}

async function names(sub = ''): Promise<string[]> {
  return (await readdir(path.join(dir, sub))).sort();
}

/** Three snapshots with appends between and after: state.json, state.prev.json and a journal tail. */
async function buildHistory(): Promise<string[]> {
  const model = await open();
  let n = 0;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 4; i++) await model.lift(`u${++n}`);
    await model.snapshot();
  }
  await model.lift(`u${++n}`);
  await model.lift(`u${++n}`);
  await model.store.close();
  return model.users;
}

describe('data store start and restart', () => {
  it('starts empty, then restores snapshot plus journal tail after a restart', async () => {
    const first = await open();
    expect(first.store.restored).toEqual({ data: null, seq: 0, tail: [] });
    expect(first.store.problems).toEqual([]);
    const expected = await (async () => {
      await first.store.close();
      return buildHistory();
    })();
    const again = await open();
    expect(again.users).toEqual(expected);
    expect(again.store.restored.seq).toBe(12);
    expect(again.store.restored.tail.map((r) => r.seq)).toEqual([13, 14]);
    expect(again.store.health()).toMatchObject({ ok: true, problems: [] });
    expect(again.store.health().lastSnapshotAt).not.toBeNull();
    await again.store.close();
  });

  it('keeps the journal small: segments older than the previous snapshot are deleted', async () => {
    await buildHistory();
    // Snapshots at seq 4, 8, 12: prev (8) + journal must remain, so only seqs > 8 need to be kept.
    const segments = await names('journal');
    expect(segments).toEqual(['0000000000000009.ndjson', '0000000000000013.ndjson']);
  });

  it.each([
    ['empty', ''],
    ['not JSON', '{"format":1,"seq":'],
    ['without the envelope', '{"users":["x"]}'],
  ])('moves a state.json that is %s aside, keeps it untouched, and starts from state.prev.json', async (_label, content) => {
    const expected = await buildHistory();
    await writeFile(path.join(dir, 'state.json'), content);
    const model = await open();
    expect(model.users).toEqual(expected);
    expect(model.store.restored.seq).toBe(8);
    const corrupt = (await names()).filter((n) => n.startsWith('state.json.corrupt-'));
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0]).toMatch(/^state\.json\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z$/);
    expect(await readFile(path.join(dir, corrupt[0]!), 'utf8')).toBe(content);
    const messages = model.store.problems.map((p) => p.message).join('\n');
    expect(messages).toContain(path.join(dir, 'state.json'));
    expect(messages).toContain(corrupt[0]!);
    expect(messages).toContain('state.prev.json');
    expect(model.store.health().ok).toBe(false);
    // Saving again must not touch the moved file.
    await model.snapshot();
    await model.store.close();
    expect(await readFile(path.join(dir, corrupt[0]!), 'utf8')).toBe(content);
    const after = await open();
    expect(after.users).toEqual(expected);
    expect(after.store.problems).toEqual([]);
    await after.store.close();
  });

  it('rebuilds from the journal when both snapshots are bad, and says what was lost', async () => {
    const model = await open();
    for (let i = 1; i <= 3; i++) await model.lift(`u${i}`);
    await model.snapshot();
    await model.lift('u4');
    await model.lift('u5');
    await model.store.close();
    await writeFile(path.join(dir, 'state.json'), 'garbage');
    await writeFile(path.join(dir, 'state.prev.json'), '');
    const rebuilt = await open();
    // One snapshot so far, no previous one: the journal still starts at seq 1, nothing is missing.
    expect(rebuilt.users).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    const messages = rebuilt.store.problems.map((p) => p.message);
    expect(messages.some((m) => m.includes('replaying the journal from its oldest record (seq 1'))).toBe(true);
    expect(messages.some((m) => m.includes('missing'))).toBe(false);
    expect((await names()).filter((n) => n.includes('.corrupt-'))).toHaveLength(2);
    await rebuilt.store.close();
  });

  it('tells the operator when the journal no longer reaches back to the start', async () => {
    await buildHistory();
    await writeFile(path.join(dir, 'state.json'), 'garbage');
    await writeFile(path.join(dir, 'state.prev.json'), 'garbage');
    const rebuilt = await open();
    expect(rebuilt.users).toEqual(['u9', 'u10', 'u11', 'u12', 'u13', 'u14']);
    const text = rebuilt.store.problems.map((p) => p.message).join('\n');
    expect(text).toContain('oldest record (seq 9');
    expect(text).toContain('are missing');
    // New records continue after the journal's seqs, never reusing one.
    await rebuilt.lift('u15');
    await rebuilt.store.close();
    const again = await open();
    expect(again.users.slice(-2)).toEqual(['u14', 'u15']);
    await again.store.close();
  });
});

describe('data store write errors', () => {
  it('rejects the append, reports the problem, and loses nothing once the disk works again', async () => {
    let failing = false;
    const io: JournalIo = {
      ...nodeJournalIo,
      async datasync(file) {
        if (failing) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        await nodeJournalIo.datasync(file);
      },
    };
    const model = await open({ journalIo: io });
    await model.lift('u1');
    failing = true;
    await expect(model.lift('u2')).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(model.lift('u3')).rejects.toMatchObject({ code: 'ENOSPC' });
    const health = model.store.health();
    expect(health).toMatchObject({ ok: false, pendingRecords: 2 });
    expect(health.lastError).toContain('ENOSPC');
    expect(health.problems).toHaveLength(1);
    expect(health.problems[0]!.message).toContain(path.join(dir, 'journal'));
    failing = false;
    await model.store.flush();
    expect(model.store.health()).toMatchObject({ pendingRecords: 0, lastError: null });
    expect(model.store.problems.at(-1)!.message).toContain('work again');
    await model.store.close();
    const again = await open();
    expect(again.users).toEqual(['u1', 'u2', 'u3']);
    await again.store.close();
  });
});
