// Time buckets of many keys (users, channels) in pages of typed arrays, not a Map and an object
// per bucket: a day of 100,000 users is 2.5 million buckets, 350 MB as objects, 28 bytes a
// user bucket here (bucket-columns.ts: a row's words together, each column as narrow as what it
// holds). Each key's buckets are a list, newest first (a report lands in the newest one).
// A capture freezes the table as it is (for a snapshot at one journal seq): a page is copied
// before the first write after the capture, so the capture can be read over many ticks.

import { INDEX, NEXT, layoutOf, readColumn, storeColumn, type RowLayout, type TableSchema } from './bucket-columns';
import { KeySpace, type KeyHolder } from './key-space';
import { FIRST_PAGE_ROWS, NONE, PAGE_BITS, PAGE_MASK, PAGE_ROWS, newPage, visitRows, type Page, type RowVisitor, type TableCapture } from './bucket-pages';

/** Where bucket() found or made a row: word `base` of `values` (its writable page). Valid until the table is next written. */
export interface RowCursor {
  values: Uint32Array;
  base: number;
}

/** The page rows are appended to, and how many of its slots are taken. */
interface Frontier {
  page: number;
  used: number;
}

export class BucketTable implements KeyHolder {
  readonly layout: RowLayout;
  private readonly stride: number;
  /** Keys with at least one row here. */
  private keyCount = 0;
  private head = new Int32Array(1024).fill(NONE);
  private pages: Page[] = [];
  /**
   * Where new rows go: a page and its next free slot. A snapshot's keys load with their newest
   * row on pages of their own (`newest`) and the rest on `older`: the rows the current hour and
   * day write to then share a few pages, so a snapshot taken meanwhile copies those few and not
   * every page of the table (each key's rows side by side put its current one on every page).
   */
  private readonly older: Frontier = { page: NONE, used: PAGE_ROWS };
  private readonly newest: Frontier = { page: NONE, used: PAGE_ROWS };
  private freeRow = NONE;
  private gen = 0;
  private frozenGen = -1;
  private captures = 0;
  private headShared = false;
  /** Reused by every bucket() call: the hot path allocates nothing. */
  private readonly cursor: RowCursor = { values: new Uint32Array(0), base: 0 };

  /** `keys` may be shared with other tables of the same keys (a user's hours and days). */
  constructor(
    readonly schema: TableSchema,
    readonly keys: KeySpace = new KeySpace(),
  ) {
    this.layout = layoutOf(schema);
    this.stride = this.layout.stride;
    keys.join(this);
  }

  /** Columns per row. */
  get width(): number {
    return this.schema.columns.length;
  }

  /** Keys that have at least one bucket. */
  get size(): number {
    return this.keyCount;
  }

  has(key: string): boolean {
    const ordinal = this.keys.find(key);
    return ordinal !== undefined && this.holds(ordinal);
  }

  holds(ordinal: number): boolean {
    return (this.head[ordinal] ?? NONE) !== NONE;
  }

  /**
   * The row of `key`'s bucket `index`, made if missing (zeros), in a writable page: add to its
   * columns with addSumAt / addCountAt / keepLatestAt at `base + layout.offsets[col]`.
   */
  bucket(key: string, index: number): RowCursor {
    return this.bucketOf(this.keys.ordinalOf(key), index);
  }

  /** bucket() of a key by its ordinal in `keys` (looked up once for the tables that share them). */
  bucketOf(ordinal: number, index: number): RowCursor {
    if (ordinal >= this.head.length) this.growHead(ordinal);
    let prev = NONE;
    let row = this.head[ordinal]!;
    while (row !== NONE) {
      const words = this.pages[row >> PAGE_BITS]!.words;
      const base = (row & PAGE_MASK) * this.stride;
      const at = words[base + INDEX]!;
      if (at === index) return this.at(row);
      if (at < index) break;
      prev = row;
      row = words[base + NEXT]!;
    }
    const fresh = this.newRow(index, row);
    if (prev === NONE) this.setHead(ordinal, fresh);
    else this.writablePage(prev).words[(prev & PAGE_MASK) * this.stride + NEXT] = fresh;
    return this.at(fresh);
  }

  /** Value `col` of a visited row, as the history reports it. */
  valueAt(page: Page, base: number, col: number): number {
    return readColumn(this.schema, this.layout, page.values, base, page.words[base + INDEX]!, col);
  }

  /**
   * Sets `count` rows of `key` from `index` and one array per column, starting at row `from`,
   * as a snapshot holds them (newest first). A new key with strictly decreasing indexes, the
   * case at start, is appended in one pass; anything else goes bucket by bucket, a repeated
   * index keeping the last.
   */
  putRows(key: string, index: ArrayLike<number>, columns: readonly ArrayLike<number>[], from: number, count: number): void {
    const w = this.width;
    if (count <= 0) return;
    let ordered = !this.has(key) && this.captures === 0;
    for (let r = from + 1; ordered && r < from + count; r++) ordered = index[r]! < index[r - 1]!;
    if (!ordered) {
      for (let r = from + count - 1; r >= from; r--) {
        const { values, base } = this.bucket(key, index[r]!);
        for (let c = 0; c < w; c++) storeColumn(this.schema, this.layout, values, base, index[r]!, c, columns[c]![r]!);
      }
      return;
    }
    const ordinal = this.keys.ordinalOf(key);
    if (ordinal >= this.head.length) this.growHead(ordinal);
    let prev = NONE;
    for (let r = from; r < from + count; r++) {
      const row = this.freeRow === NONE ? this.appendRow(r === from ? this.newest : this.older) : this.newRow(0, NONE);
      const page = this.pages[row >> PAGE_BITS]!;
      const base = (row & PAGE_MASK) * this.stride;
      page.words[base + INDEX] = index[r]!;
      page.words[base + NEXT] = NONE;
      for (let c = 0; c < w; c++) storeColumn(this.schema, this.layout, page.values, base, index[r]!, c, columns[c]![r]!);
      if (prev === NONE) this.setHead(ordinal, row);
      else this.pages[prev >> PAGE_BITS]!.words[(prev & PAGE_MASK) * this.stride + NEXT] = row;
      prev = row;
    }
  }

  /** Value `col` of `key`'s bucket `index`, undefined when there is no such bucket. */
  get(key: string, index: number, col: number): number | undefined {
    let found: number | undefined;
    this.rowsOf(key, index, index, (_i, page, base) => (found = this.valueAt(page, base, col)));
    return found;
  }

  /** `key`'s rows in [from, to], newest first. */
  rowsOf(key: string, from: number, to: number, fn: RowVisitor): void {
    const ordinal = this.keys.find(key);
    if (ordinal !== undefined) visitRows(this.view(), ordinal, from, to, fn);
  }

  /** Every key with buckets, and its ordinal for `rows`. */
  forEachKey(fn: (key: string, ordinal: number) => void): void {
    this.keys.forEach((key, ordinal) => {
      if (this.holds(ordinal)) fn(key, ordinal);
    });
  }

  rows(ordinal: number, from: number, to: number, fn: RowVisitor): void {
    visitRows(this.view(), ordinal, from, to, fn);
  }

  /** Drops buckets with an index below `oldest`, and keys left without any. */
  prune(oldest: number): void {
    const s = this.stride;
    const wordsOf = (row: number): Int32Array => this.pages[row >> PAGE_BITS]!.words;
    this.keys.forEach((_key, ordinal) => {
      let prev = NONE;
      let row = this.head[ordinal] ?? NONE;
      while (row !== NONE && wordsOf(row)[(row & PAGE_MASK) * s + INDEX]! >= oldest) {
        prev = row;
        row = wordsOf(row)[(row & PAGE_MASK) * s + NEXT]!;
      }
      if (row === NONE) return;
      if (prev === NONE) this.setHead(ordinal, NONE);
      else this.writablePage(prev).words[(prev & PAGE_MASK) * s + NEXT] = NONE;
      while (row !== NONE) {
        const words = this.writablePage(row).words;
        const at = (row & PAGE_MASK) * s + NEXT;
        const next = words[at]!;
        words[at] = this.freeRow;
        this.freeRow = row;
        row = next;
      }
      if (prev === NONE) this.keys.release(ordinal);
    });
  }

  /** Freezes the table as it is now, until released; writes meanwhile copy what they change. */
  capture(): TableCapture {
    this.captures += 1;
    this.frozenGen = this.gen;
    this.gen += 1;
    this.headShared = true;
    let released = false;
    return {
      schema: this.schema,
      layout: this.layout,
      keys: this.keys.snapshot(),
      head: this.head,
      pages: this.pages.slice(),
      release: () => {
        if (released) return;
        released = true;
        this.captures -= 1;
      },
    };
  }

  private view(): Pick<TableCapture, 'head' | 'pages' | 'layout'> {
    return { head: this.head, pages: this.pages, layout: this.layout };
  }

  /** Room in `head` for `ordinal` (a new array: a capture keeps reading the one it holds). */
  private growHead(ordinal: number): void {
    let length = this.head.length;
    while (length <= ordinal) length *= 2;
    const grown = new Int32Array(length).fill(NONE);
    grown.set(this.head);
    this.head = grown;
    this.headShared = false;
  }

  private setHead(ordinal: number, row: number): void {
    if (this.headShared && this.captures > 0) this.head = this.head.slice();
    this.headShared = false;
    const had = this.head[ordinal] !== NONE;
    this.head[ordinal] = row;
    this.keyCount += (row !== NONE ? 1 : 0) - (had ? 1 : 0);
  }

  /** A row past the last one used at `frontier` (zeros: its page is new or grown; the caller sets every field). */
  private appendRow(frontier: Frontier = this.older): number {
    if (frontier.used >= PAGE_ROWS) {
      // Only a frontier's first page grows (a few channels are not a mostly empty page); once it
      // fills one, the next are made whole, not copied up through every size on the way.
      this.pages.push(newPage(frontier.page === NONE ? FIRST_PAGE_ROWS : PAGE_ROWS, this.stride, this.gen));
      frontier.page = this.pages.length - 1;
      frontier.used = 0;
    }
    const page = this.pages[frontier.page]!;
    const rows = page.words.length / this.stride;
    // A bigger copy is a page of its own: a capture keeps reading the one it holds.
    if (frontier.used >= rows) this.pages[frontier.page] = newPage(Math.min(PAGE_ROWS, rows * 2), this.stride, this.gen, page);
    return (frontier.page << PAGE_BITS) | frontier.used++;
  }

  private newRow(index: number, next: number): number {
    let row = this.freeRow;
    if (row !== NONE) this.freeRow = this.writablePage(row).words[(row & PAGE_MASK) * this.stride + NEXT]!;
    else row = this.appendRow();
    const page = this.writablePage(row);
    const base = (row & PAGE_MASK) * this.stride;
    page.words[base + INDEX] = index;
    page.words[base + NEXT] = next;
    page.values.fill(0, base + NEXT + 1, base + this.stride);
    return row;
  }

  private at(row: number): RowCursor {
    this.cursor.values = this.writablePage(row).values;
    this.cursor.base = (row & PAGE_MASK) * this.stride;
    return this.cursor;
  }

  private writablePage(row: number): Page {
    const p = row >> PAGE_BITS;
    let page = this.pages[p]!;
    if (this.captures > 0 && page.gen <= this.frozenGen) {
      page = newPage(page.words.length / this.stride, this.stride, this.gen, page);
      this.pages[p] = page;
    }
    return page;
  }
}
