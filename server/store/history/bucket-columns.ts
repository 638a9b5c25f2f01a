// A bucket table's rows: each row is a few 32-bit words in one array, its bucket index, the link
// to its key's next row, then its columns, each as narrow as what it holds. A day of 100,000
// users is 2.4 million user-hour rows, so every byte of a row is 2.4 MB of resident memory; and
// one row's words sit together, so a report touches one or two cache lines, not one per column.
//
// - 'sum' (bytes): two words, low and high 32 bits of a whole number: exact to 2^53 as a
//   Float64 was (a bucket's bytes pass 2^32 easily). Bytes are whole numbers on the wire.
// - 'count' (viewers, uploaders, minutes): one word. It saturates at COUNT_MAX rather than wrap
//   (four billion minutes in one bucket is a broken clock or a forged file, not traffic).
// - 'latest' (last seen): one word, milliseconds since the start of the row's own bucket. A
//   time lands in the bucket it falls in, so the offset is below the bucket size (86,400,000
//   for a day) and the epoch time it stands for is exact to the millisecond.

export type ColumnKind = 'sum' | 'count' | 'latest';

/** A table's columns in row order, and the size of its buckets ('latest' columns count from a bucket's start). */
export interface TableSchema {
  readonly columns: readonly ColumnKind[];
  readonly bucketMs: number;
}

/** Word offsets of a row's bucket index and next row; the columns follow. */
export const INDEX = 0;
export const NEXT = 1;

/** Words per row, and the word offset of each column within a row. */
export interface RowLayout {
  readonly stride: number;
  readonly offsets: readonly number[];
}

export function layoutOf(schema: TableSchema): RowLayout {
  const offsets: number[] = [];
  let at = NEXT + 1;
  for (const kind of schema.columns) {
    offsets.push(at);
    at += kind === 'sum' ? 2 : 1;
  }
  return { stride: at, offsets };
}

/** The largest value of a 'count' or 'latest' word; adding past it stays there. */
export const COUNT_MAX = 0xffff_ffff;
const WORD = 0x1_0000_0000;

/** Adds a whole, non-negative `amount` to the 'sum' at word `o` (carrying into the high word). */
export function addSumAt(values: Uint32Array, o: number, amount: number): void {
  const low = values[o]! + amount;
  if (low <= COUNT_MAX) {
    values[o] = low;
    return;
  }
  values[o] = low % WORD;
  const high = values[o + 1]! + Math.floor(low / WORD);
  values[o + 1] = high < COUNT_MAX ? high : COUNT_MAX;
}

/** Adds `n` to the 'count' at word `o`, saturating at COUNT_MAX. */
export function addCountAt(values: Uint32Array, o: number, n: number): void {
  const sum = values[o]! + n;
  values[o] = sum < COUNT_MAX ? sum : COUNT_MAX;
}

/** Keeps the later of the 'latest' at word `o` and `at`, of a row of bucket `index`. */
export function keepLatestAt(schema: TableSchema, values: Uint32Array, o: number, index: number, at: number): void {
  const offset = at - index * schema.bucketMs;
  if (offset > values[o]!) values[o] = offset;
}

/** Reads column `col` of the row at word `base` of a page (signed and unsigned words of the same memory), as readColumn does, with the column's kind settled once. */
export function columnReader(schema: TableSchema, layout: RowLayout, col: number): (words: Int32Array, values: Uint32Array, base: number) => number {
  const o = layout.offsets[col]!;
  const bucketMs = schema.bucketMs;
  switch (schema.columns[col]) {
    case 'sum':
      return (_words, values, base) => values[base + o + 1]! * WORD + values[base + o]!;
    case 'latest':
      return (words, values, base) => words[base + INDEX]! * bucketMs + values[base + o]!;
    default:
      return (_words, values, base) => values[base + o]!;
  }
}

/** Value `col` of the row at word `base` (bucket `index`), as the history reports it (a 'latest' as epoch ms). */
export function readColumn(schema: TableSchema, layout: RowLayout, values: Uint32Array, base: number, index: number, col: number): number {
  const o = base + layout.offsets[col]!;
  switch (schema.columns[col]) {
    case 'sum':
      return values[o + 1]! * WORD + values[o]!;
    case 'latest':
      return index * schema.bucketMs + values[o]!;
    default:
      return values[o]!;
  }
}

/**
 * Stores a value read from a snapshot. Our own writer only makes values that fit; anything else
 * (negative, fractional, a time outside its bucket) is clamped into what the column holds
 * instead of wrapping around.
 */
export function storeColumn(schema: TableSchema, layout: RowLayout, values: Uint32Array, base: number, index: number, col: number, value: number): void {
  const o = base + layout.offsets[col]!;
  const kind = schema.columns[col];
  const v = kind === 'latest' ? value - index * schema.bucketMs : value;
  const whole = v > 0 ? Math.floor(v) : 0;
  if (kind !== 'sum') {
    values[o] = whole < COUNT_MAX ? whole : COUNT_MAX;
    return;
  }
  const high = Math.floor(whole / WORD);
  values[o] = high < COUNT_MAX ? whole % WORD : COUNT_MAX;
  values[o + 1] = high < COUNT_MAX ? high : COUNT_MAX;
}
