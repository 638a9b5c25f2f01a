import { describe, expect, it } from 'vitest';
import { BucketTable } from '../../server/store/history/bucket-table';
import { addCountAt, addSumAt, type TableSchema } from '../../server/store/history/bucket-columns';
import { tableChunks, tableFromJSON, tableToJSON } from '../../server/store/history/table-codec';
import { TrafficHistory } from '../../server/store';
import { packColumn, unpackColumn } from '../../server/store/history/packed-column';

/** A sum and a count per bucket. */
const SCHEMA: TableSchema = { columns: ['sum', 'count'], bucketMs: 1 };

function add(t: BucketTable, key: string, index: number, v: number): void {
  const { values, base } = t.bucket(key, index);
  addSumAt(values, base + t.layout.offsets[0]!, v);
  addCountAt(values, base + t.layout.offsets[1]!, 1);
}

function filled(keys: number, indexes: number): BucketTable {
  const t = new BucketTable(SCHEMA);
  for (let i = 0; i < indexes; i++) for (let k = 0; k < keys; k++) add(t, `u${k}`, 1000 + i, k + i);
  return t;
}

describe('bucket table', () => {
  it('keeps each key newest first, and merges a late bucket into its place', () => {
    const t = new BucketTable(SCHEMA);
    add(t, 'a', 5, 1);
    add(t, 'a', 7, 2);
    add(t, 'a', 6, 3);
    add(t, 'a', 7, 4);
    const seen: [number, number][] = [];
    t.rowsOf('a', 0, 100, (index, page, base) => seen.push([index, t.valueAt(page, base, 0)]));
    expect(seen).toEqual([[7, 6], [6, 3], [5, 1]]);
    expect(t.get('a', 6, 0)).toBe(3);
    expect(t.get('a', 8, 0)).toBeUndefined();
  });

  it('a capture reads what the table held when it was taken, whatever is written after', () => {
    const t = filled(3000, 5);
    const before = tableToJSON(t);
    const capture = t.capture();
    add(t, 'u1', 1004, 1_000_000); // an existing bucket
    add(t, 'u2', 1009, 7); // a new bucket of a known key
    add(t, 'new', 1009, 7); // a new key
    t.prune(1003); // frees rows that the capture still reads
    for (let k = 0; k < 3000; k++) add(t, `u${k}`, 1010, 1); // reuses the freed rows
    const chunks = [...tableChunks(capture)];
    capture.release();
    expect({ width: 2, chunks }).toEqual(before);
    expect(tableToJSON(t)).not.toEqual(before);
  });

  it('round-trips through its JSON, and skips a damaged chunk', () => {
    const t = filled(5000, 3);
    t.prune(1001);
    const json = JSON.parse(JSON.stringify(tableToJSON(t))) as ReturnType<typeof tableToJSON>;
    const copy = new BucketTable(SCHEMA);
    tableFromJSON(json, copy);
    expect(tableToJSON(copy)).toEqual(tableToJSON(t));
    json.chunks[0]!.columns[1]!.data = json.chunks[0]!.columns[1]!.data.slice(0, -8);
    const partial = new BucketTable(SCHEMA);
    tableFromJSON(json, partial);
    expect(partial.size).toBe(t.size - json.chunks[0]!.keys.length);
  });

  it('reads traffic history written in the first format (rows per channel and user)', () => {
    const HOUR = 3_600_000;
    const now = Date.UTC(2025, 5, 15, 12, 0, 30);
    const hour = Math.floor(now / HOUR);
    const old = {
      format: 1,
      channels: [['c1', [[Math.floor(now / 60_000), 2, 1, 500]], [[hour, 2, 1, 500]]]],
      globalMinutes: [[Math.floor(now / 60_000), 500]],
      globalHours: [[hour, 500]],
      users: [['alice', [[hour - 1, 200, 1, 0, now - HOUR], [hour, 300, 1, 0, now]], [[Math.floor(now / 86_400_000), 500, 2, 0, now]]]],
    };
    const h = TrafficHistory.fromJSON(old);
    expect(h.userTotals('24h', now)).toEqual([{ userId: 'alice', bytesWatched: 500, minutesWatched: 2, minutesUploaded: 0, lastSeenAt: now }]);
    expect(h.channelSeries('c1', '1h', now).at(-1)).toEqual({ t: Math.floor(now / 60_000) * 60_000, viewers: 2, uploaders: 1, bytes: 500 });
    expect(TrafficHistory.fromJSON(JSON.parse(JSON.stringify(h))).userTotals('90d', now)).toEqual(h.userTotals('90d', now));
  });

  it('packs a column exactly, narrow when the numbers allow it', () => {
    const cases: [number[], string][] = [
      [[1749988830000, 1749988830255], 'u8'],
      [[5, 70_000], 'u32'],
      [[-3, 60_000], 'u16'],
      [[0.5, 1], 'f64'],
      [[2 ** 40, 0], 'f64'],
      [[], 'f64'],
    ];
    for (const [values, kind] of cases) {
      const packed = packColumn(values.length, (i) => values[i]!);
      expect(packed.kind).toBe(kind);
      expect([...unpackColumn(JSON.parse(JSON.stringify(packed)), values.length)!]).toEqual(values);
      expect(unpackColumn(packed, values.length + 1)).toBeNull();
    }
  });
});
