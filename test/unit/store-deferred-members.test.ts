// A snapshot's deferred member (the traffic history) is read back unparsed and later a piece at a
// time; what is read must be exactly what was written, and any doubt about the file falls back
// to parsing it whole.

import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JsonText } from '../../server/store/json-text';
import { readDeferred, withDeferredSpans, type SnapshotPiece } from '../../server/store/snapshot/deferred-members';
import { withChecksum, TRAILER_BYTES } from '../../server/store/snapshot/snapshot-checksum';
import { DurableJsonFile } from '../../server/store/snapshot/durable-json-file';
import { SnapshotStore } from '../../server/store/snapshot/snapshot-store';

const text = (value: unknown): JsonText => new JsonText(Buffer.from(JSON.stringify(value, null, 1), 'utf8'));

describe('JsonText', () => {
  const tricky = {
    'a "quoted" key': 'a \\"string\\" with ] and } and , inside',
    escapes: ['\\', '\\\\"', '"', '\u2028 ünïcødé'],
    nested: { deep: [[1, [2, { x: '[' }]], {}], empty: [], none: null },
    numbers: [-1.5e-7, 0, 12345678901234],
    flags: [true, false],
  };

  it('gives an object member by member, each value parsing to what was written', () => {
    const members = [...text(tricky).members()];
    expect(members.map(([name]) => name)).toEqual(Object.keys(tricky));
    expect(Object.fromEntries(members.map(([name, value]) => [name, value.parse()]))).toEqual(tricky);
  });

  it('gives an array element by element', () => {
    const list = [tricky, 'x', 3, [], {}, null, [['a]', '"']]];
    expect([...text(list).elements()].map((e) => e.parse())).toEqual(list);
    expect([...text([]).elements()]).toEqual([]);
    expect([...text({}).members()]).toEqual([]);
  });

  it('throws on malformed text instead of giving a wrong piece', () => {
    for (const bad of ['{"a":1', '{"a" 1}', '{"a":1,}', '{"a":"open}', '{"a":{"b":1}', '{"a":1} x', '[1]']) {
      expect(() => [...new JsonText(Buffer.from(bad)).members()], bad).toThrow(SyntaxError);
    }
    for (const bad of ['[1 2]', '[1,', '[]]', '[[1]', '["a\\\\"b"]', '{}']) {
      expect(() => [...new JsonText(Buffer.from(bad)).elements()], bad).toThrow(SyntaxError);
    }
    expect(() => [...new JsonText(Buffer.from('[1 2]')).elements()]).toThrow(/byte 3/);
  });
});

/** A document written as a snapshot writes one: pieces with marks, then the checksum trailer. */
function written(pieces: SnapshotPiece[]): Buffer {
  return Buffer.concat([...withChecksum(withDeferredSpans(pieces))]);
}

describe('a deferred member', () => {
  const history = { format: 2, chunks: [{ keys: ['ü', 'b"c'], data: 'QUJD' }] };
  const pieces: SnapshotPiece[] = ['{"format":1,"data":{"state":{"n":1},"history":', { deferred: 'start', path: 'data/history' }, JSON.stringify(history), { deferred: 'end', path: 'data/history' }, ',"calls":[]}'];

  it('is left out of the document read first, and kept as its exact text', () => {
    const bytes = written(pieces);
    const whole = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    expect(whole.deferred).toEqual({ 'data/history': [expect.any(Number), expect.any(Number)] });
    const read = readDeferred(bytes, TRAILER_BYTES)!;
    expect(JSON.parse(read.head)).toEqual({ format: 1, data: { state: { n: 1 }, history: null, calls: [] }, sha256: whole.sha256 });
    expect(read.members).toHaveLength(1);
    expect(read.members[0]!.path).toEqual(['data', 'history']);
    expect(read.members[0]!.text.parse()).toEqual(history);
  });

  it('is not looked for in a document written without marks', () => {
    expect(readDeferred(written(['{"format":1,"data":{"deferred":1}']), TRAILER_BYTES)).toBeNull();
  });

  describe('read through the snapshot file', () => {
    const withFile = async (bytes: Buffer, check: (read: unknown) => void): Promise<void> => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'aec-deferred-'));
      try {
        const file = path.join(dir, 'state.json');
        await writeFile(file, bytes);
        check(await new DurableJsonFile<unknown>(file).read());
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };

    it('comes back as JsonText in its place', async () => {
      await withFile(written(pieces), (read) => {
        const data = (read as { data: { history: unknown; state: unknown } }).data;
        expect(data.history).toBeInstanceOf(JsonText);
        expect((data.history as JsonText).parse()).toEqual(history);
        expect(data.state).toEqual({ n: 1 });
      });
    });

    it('is parsed with the whole file when its byte span does not fit it (a damaged list)', async () => {
      const good = written(pieces).toString('utf8');
      const [, start, end] = /"data\/history":\[(\d+),(\d+)\]/.exec(good)!;
      // Spans that land elsewhere, still valid JSON numbers of the same width.
      const lying = good.replace(`[${start},${end}]`, `[${Number(start) - 1},${end}]`);
      await withFile(Buffer.from(lying), (read) => {
        expect((read as { data: { history: unknown } }).data.history).toEqual(history);
      });
    });
  });

  it('round-trips through SnapshotStore: the text saved is the text read back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aec-deferred-'));
    try {
      const opened = await SnapshotStore.open<unknown>(dir);
      await opened.store.saveText(['{"state":{"n":2},"history":', { deferred: 'start', path: 'history' }, JSON.stringify(history), { deferred: 'end', path: 'history' }, '}'], 7, 1000);
      const again = await SnapshotStore.open<unknown>(dir);
      const data = again.snapshot!.data as { state: unknown; history: JsonText };
      expect(again.snapshot!.seq).toBe(7);
      expect(data.state).toEqual({ n: 2 });
      expect(data.history.parse()).toEqual(history);
      // Saved again as it was read, the history is written as itself.
      expect(JSON.parse(JSON.stringify(data))).toEqual({ state: { n: 2 }, history });
      // Still one plain JSON document for anything else that reads it.
      expect(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'))).toMatchObject({ seq: 7, data: { history } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
