// A BucketTable in the snapshot file: chunks of keys, each with its row count per key and the
// rows' bucket indexes and values as packed columns (packed-column.ts). Millions of buckets as
// JSON numbers took seconds to parse at start; packed they decode at memory speed. Keys stay
// readable JSON strings (never object keys, so "__proto__" is harmless).

import { BucketTable, PAGE_BITS, PAGE_MASK, visitRows, type TableCapture } from './bucket-table';
import { packColumn, unpackColumn, type PackedColumn } from './packed-column';

export interface TableChunk {
  keys: string[];
  /** Rows of each key, in key order; a key's rows are newest first. */
  counts: number[];
  /** Each row's bucket index. */
  index: PackedColumn;
  /** One column per value of a row. */
  columns: PackedColumn[];
}

export interface TableJSON {
  width: number;
  chunks: TableChunk[];
}

/** Keys per chunk: a chunk is one slice of a snapshot's work (a few ms at a day of history). */
export const KEYS_PER_CHUNK = 128;


/** The capture's chunks, one at a time, so a caller can yield between them. */
export function* tableChunks(t: TableCapture, keysPerChunk = KEYS_PER_CHUNK): Generator<TableChunk> {
  const all = Number.POSITIVE_INFINITY;
  for (let start = 0; start < t.keys.length; start += keysPerChunk) {
    const keys: string[] = [];
    const ordinals: number[] = [];
    const counts: number[] = [];
    let rows = 0;
    for (let ordinal = start; ordinal < Math.min(t.keys.length, start + keysPerChunk); ordinal++) {
      const key = t.keys[ordinal];
      if (key === undefined) continue;
      let n = 0;
      visitRows(t, ordinal, -all, all, () => n++);
      if (n === 0) continue;
      keys.push(key);
      ordinals.push(ordinal);
      counts.push(n);
      rows += n;
    }
    if (rows === 0) continue;
    const index = new Int32Array(rows);
    const values = new Float64Array(rows * t.width);
    const w = t.width;
    let r = 0;
    for (const ordinal of ordinals) {
      let row = t.head[ordinal]!;
      while (row !== -1) {
        const page = t.pages[row >> PAGE_BITS]!;
        const slot = row & PAGE_MASK;
        index[r] = page.index[slot]!;
        for (let c = 0; c < w; c++) values[r * w + c] = page.values[slot * w + c]!;
        r++;
        row = page.next[slot]!;
      }
    }
    const columns = Array.from({ length: w }, (_, c) => packColumn(rows, (i) => values[i * w + c]!));
    yield { keys, counts, index: packColumn(rows, (i) => index[i]!), columns };
  }
}

export function tableToJSON(table: BucketTable): TableJSON {
  const capture = table.capture();
  try {
    return { width: table.width, chunks: [...tableChunks(capture)] };
  } finally {
    capture.release();
  }
}

function areBucketIndexes(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) return false;
  }
  return true;
}

/** Fills `table` from tableToJSON output; a malformed chunk is skipped, never thrown on. */
export function tableFromJSON(json: unknown, table: BucketTable): void {
  for (const _ of tableLoadSteps(json, table));
}

/** tableFromJSON one chunk per step, so a caller can spread the work over several ticks. */
export function* tableLoadSteps(json: unknown, table: BucketTable): Generator<void> {
  if (typeof json !== 'object' || json === null) return;
  const { width, chunks } = json as Partial<TableJSON>;
  if (width !== table.width || !Array.isArray(chunks)) return;
  for (const chunk of chunks as unknown[]) {
    const c = chunk as Partial<TableChunk> | null;
    if (typeof c !== 'object' || c === null || !Array.isArray(c.keys) || !Array.isArray(c.counts) || c.keys.length !== c.counts.length) continue;
    if (!c.keys.every((k) => typeof k === 'string') || !c.counts.every((n) => Number.isSafeInteger(n) && n > 0)) continue;
    const rows = (c.counts as number[]).reduce((a, b) => a + b, 0);
    const indexes = unpackColumn(c.index, rows);
    const packed: unknown[] = Array.isArray(c.columns) && c.columns.length === width ? c.columns : [];
    const columns = packed.map((col): Float64Array | null => unpackColumn(col, rows));
    if (!indexes || columns.length !== width || columns.some((col) => col === null) || !areBucketIndexes(indexes)) continue;
    let r = 0;
    (c.keys as string[]).forEach((key, k) => {
      const n = c.counts![k]!;
      table.putRows(key, indexes, columns as Float64Array[], r, n);
      r += n;
    });
    yield;
  }
}
