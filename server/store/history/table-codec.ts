// A BucketTable in the snapshot file: chunks of keys, each with its row count per key and the
// rows' bucket indexes and values as packed columns (packed-column.ts). Millions of buckets as
// JSON numbers took seconds to parse at start; packed they decode at memory speed. Keys stay
// readable JSON strings (never object keys, so "__proto__" is harmless).

import type { BucketTable } from './bucket-table';
import { PAGE_BITS, PAGE_MASK, type TableCapture } from './bucket-pages';
import { INDEX, NEXT, columnReader } from './bucket-columns';
import { Scratch, packColumn, unpackColumn, type PackedColumn } from './packed-column';
import { JsonText } from '../json-text';

export interface TableChunk {
  keys: string[];
  /** Rows of each key, in key order; a key's rows are newest first. */
  counts: number[];
  /** Each row's bucket index. */
  index: PackedColumn;
  /** One column per value of a row, as the history reports it (a last-seen time as epoch ms). */
  columns: PackedColumn[];
}

export interface TableJSON {
  width: number;
  chunks: TableChunk[];
}

/** Keys per chunk: a chunk is one slice of a snapshot's work (a few ms at a day of history). */
export const KEYS_PER_CHUNK = 128;
/** A chunk also ends after the key that brings it to this many rows: 128 channels of 48 h of minutes would be 368,640 rows in one slice. */
export const ROWS_PER_CHUNK = 4096;

/** The capture's chunks, one at a time, so a caller can yield between them. */
export function* tableChunks(t: TableCapture, keysPerChunk = KEYS_PER_CHUNK): Generator<TableChunk> {
  const { schema, layout, pages } = t;
  const stride = layout.stride;
  const scratch = new Scratch();
  const readers = schema.columns.map((_kind, c) => columnReader(schema, layout, c));
  let rowIds = new Int32Array(1024);
  for (let ordinal = 0; ordinal < t.keys.length; ) {
    const keys: string[] = [];
    const counts: number[] = [];
    let rows = 0;
    for (const end = Math.min(t.keys.length, ordinal + keysPerChunk); ordinal < end && rows < ROWS_PER_CHUNK; ordinal++) {
      const key = t.keys[ordinal];
      if (key === undefined) continue;
      const first = rows;
      for (let row = t.head[ordinal] ?? -1; row !== -1; row = pages[row >> PAGE_BITS]!.words[(row & PAGE_MASK) * stride + NEXT]!) {
        if (rows === rowIds.length) {
          const grown = new Int32Array(rows * 2);
          grown.set(rowIds);
          rowIds = grown;
        }
        rowIds[rows++] = row;
      }
      if (rows === first) continue;
      keys.push(key);
      counts.push(rows - first);
    }
    if (rows === 0) continue;
    // Each column gathered once into a scratch array, then packed from there (two passes).
    const values = scratch.float64(0, rows);
    const gather = (read: (words: Int32Array, values: Uint32Array, base: number) => number): PackedColumn => {
      for (let i = 0; i < rows; i++) {
        const row = rowIds[i]!;
        const page = pages[row >> PAGE_BITS]!;
        values[i] = read(page.words, page.values, (row & PAGE_MASK) * stride);
      }
      return packColumn(rows, (i) => values[i]!, scratch);
    };
    const index = gather((words, _values, base) => words[base + INDEX]!);
    const columns = readers.map(gather);
    yield { keys, counts, index, columns };
  }
}

/**
 * JSON.stringify(chunk), written out: the base64 columns (most of a snapshot's bytes) are
 * joined in as they are instead of being scanned for escapes and copied once more, a few MB
 * less garbage per snapshot at a day of 100,000 users. Keys still go through JSON.stringify.
 */
export function chunkJSON(chunk: TableChunk): string {
  const column = (c: PackedColumn): string => `{"kind":"${c.kind}","min":${JSON.stringify(c.min)},"data":"${c.data}"}`;
  return `{"keys":${JSON.stringify(chunk.keys)},"counts":[${chunk.counts.join(',')}],"index":${column(chunk.index)},"columns":[${chunk.columns.map(column).join(',')}]}`;
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
  if (json instanceof JsonText) {
    yield* tableTextLoadSteps(json, table);
    return;
  }
  if (typeof json !== 'object' || json === null) return;
  const { width, chunks } = json as Partial<TableJSON>;
  if (width !== table.width || !Array.isArray(chunks)) return;
  // Every chunk decodes into the same arrays: nothing per chunk is left for the collector.
  const scratch = new Scratch();
  for (const chunk of chunks as unknown[]) if (loadChunk(chunk, table, scratch)) yield;
}

/** The same from the table's JSON text: each chunk is parsed in its own step. Throws on malformed text. */
function* tableTextLoadSteps(text: JsonText, table: BucketTable): Generator<void> {
  const scratch = new Scratch();
  let width: unknown;
  // The writer puts "width" before "chunks" (historyPieces).
  for (const [name, value] of text.members()) {
    if (name === 'width') width = value.parse();
    else if (name === 'chunks' && width === table.width) {
      for (const chunk of value.elements()) {
        loadChunk(chunk.parse(), table, scratch);
        yield;
      }
    }
  }
}

/** Puts one chunk's rows into `table`; false (and nothing put) when the chunk is malformed. */
function loadChunk(chunk: unknown, table: BucketTable, scratch: Scratch): boolean {
  const width = table.width;
  const c = chunk as Partial<TableChunk> | null;
  if (typeof c !== 'object' || c === null || !Array.isArray(c.keys) || !Array.isArray(c.counts) || c.keys.length !== c.counts.length) return false;
  if (!c.keys.every((k) => typeof k === 'string') || !c.counts.every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const rows = (c.counts as number[]).reduce((a, b) => a + b, 0);
  const indexes = unpackColumn(c.index, rows, scratch.float64(0, rows), scratch);
  const packed: unknown[] = Array.isArray(c.columns) && c.columns.length === width ? c.columns : [];
  const columns = packed.map((col, k): Float64Array | null => unpackColumn(col, rows, scratch.float64(k + 1, rows), scratch));
  if (!indexes || columns.length !== width || columns.some((col) => col === null) || !areBucketIndexes(indexes)) return false;
  let r = 0;
  (c.keys as string[]).forEach((key, k) => {
    const n = c.counts![k]!;
    table.putRows(key, indexes, columns as Float64Array[], r, n);
    r += n;
  });
  return true;
}
