// The storage of a bucket table (bucket-table.ts): pages of rows, each page one ArrayBuffer
// seen as signed words (bucket index, next row) and unsigned words (the columns), and what a
// capture holds of a table. A key's rows are a list through the pages, newest first.

import { INDEX, NEXT, type RowLayout, type TableSchema } from './bucket-columns';

export const PAGE_BITS = 14;
export const PAGE_ROWS = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_ROWS - 1;
/** A table's first page starts this small and doubles up to PAGE_ROWS: a small table (a few channels) is not a mostly empty page. */
export const FIRST_PAGE_ROWS = 256;
export const NONE = -1;

export interface Page {
  /** The rows, `stride` words each: bucket index (minute, hour or day number) and next (older) row of the same key (NONE at the end; the free list reuses it) as signed words, then the columns. */
  words: Int32Array;
  /** The same memory as unsigned words, for the columns. */
  values: Uint32Array;
  /** Pages up to the capture's generation are shared with it: copy before writing. */
  gen: number;
}

export function newPage(rows: number, stride: number, gen: number, from?: Page): Page {
  const memory = new ArrayBuffer(rows * stride * 4);
  const words = new Int32Array(memory);
  if (from) words.set(from.words.length > words.length ? from.words.subarray(0, words.length) : from.words);
  return { words, values: new Uint32Array(memory), gen };
}

/** The table as it was at capture time; read it at leisure, then release it. */
export interface TableCapture {
  readonly schema: TableSchema;
  readonly layout: RowLayout;
  /** key ordinal -> key; undefined for a free ordinal. */
  readonly keys: readonly (string | undefined)[];
  readonly head: Int32Array;
  readonly pages: readonly Page[];
  release(): void;
}

/** Called per row with its bucket index and where it is: word `base` of `page` (read it with valueAt / readColumn). */
export type RowVisitor = (index: number, page: Page, base: number) => void;

/** Visits one key's rows in [from, to], newest first, from a table or a capture. */
export function visitRows(t: Pick<TableCapture, 'head' | 'pages' | 'layout'>, ordinal: number, from: number, to: number, fn: RowVisitor): void {
  const stride = t.layout.stride;
  let row = t.head[ordinal] ?? NONE;
  while (row !== NONE) {
    const page = t.pages[row >> PAGE_BITS]!;
    const base = (row & PAGE_MASK) * stride;
    const index = page.words[base + INDEX]!;
    if (index < from) return;
    if (index <= to) fn(index, page, base);
    row = page.words[base + NEXT]!;
  }
}
