// Time buckets of many keys (users, channels) in pages of typed arrays, not a Map and an object
// per bucket: a day of 100,000 users is 2.5 million buckets, 350 MB as objects, 40 bytes a
// bucket here. Each key's buckets are a list, newest first (a report lands in the newest one).
// A capture freezes the table as it is (for a snapshot at one journal seq): a page is copied
// before the first write after the capture, so the capture can be read over many ticks.

export const PAGE_BITS = 14;
const PAGE_ROWS = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_ROWS - 1;
const NONE = -1;

export interface Page {
  /** Bucket index (minute, hour or day number) of each row. */
  index: Int32Array;
  /** Next (older) row of the same key, NONE at the end; the free list reuses it. */
  next: Int32Array;
  /** `width` values per row. */
  values: Float64Array;
  /** Pages up to the capture's generation are shared with it: copy before writing. */
  gen: number;
}

/** The table as it was at capture time; read it at leisure, then release it. */
export interface TableCapture {
  readonly width: number;
  /** key ordinal -> key; undefined for a free ordinal. */
  readonly keys: readonly (string | undefined)[];
  readonly head: Int32Array;
  readonly pages: readonly Page[];
  release(): void;
}

/** Visits one key's rows in [from, to], newest first, from a table or a capture. */
export function visitRows(t: Pick<TableCapture, 'head' | 'pages' | 'width'>, ordinal: number, from: number, to: number, fn: (index: number, values: Float64Array, offset: number) => void): void {
  let row = t.head[ordinal] ?? NONE;
  while (row !== NONE) {
    const page = t.pages[row >> PAGE_BITS]!;
    const slot = row & PAGE_MASK;
    const index = page.index[slot]!;
    if (index < from) return;
    if (index <= to) fn(index, page.values, slot * t.width);
    row = page.next[slot]!;
  }
}

export class BucketTable {
  private readonly ordinals = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private freeOrdinals: number[] = [];
  private head = new Int32Array(1024).fill(NONE);
  private pages: Page[] = [];
  private rowsUsed = 0;
  private freeRow = NONE;
  private gen = 0;
  private frozenGen = -1;
  private captures = 0;
  private headShared = false;

  constructor(readonly width: number) {}

  /** Keys that have at least one bucket. */
  get size(): number {
    return this.ordinals.size;
  }

  has(key: string): boolean {
    return this.ordinals.has(key);
  }

  /** The row of `key`'s bucket `index`, made if missing (zeros) and writable: then use `values`. */
  bucket(key: string, index: number): { values: Float64Array; offset: number } {
    const ordinal = this.ordinalOf(key);
    let prev = NONE;
    let row = this.head[ordinal]!;
    while (row !== NONE) {
      const at = this.pages[row >> PAGE_BITS]!.index[row & PAGE_MASK]!;
      if (at === index) return this.writable(row);
      if (at < index) break;
      prev = row;
      row = this.pages[row >> PAGE_BITS]!.next[row & PAGE_MASK]!;
    }
    const fresh = this.newRow(index, row);
    if (prev === NONE) this.setHead(ordinal, fresh);
    else {
      const { page, slot } = this.writablePage(prev);
      page.next[slot] = fresh;
    }
    return this.writable(fresh);
  }

  /**
   * Sets `count` rows of `key` from `index` and one array per column, starting at row `from`,
   * as a snapshot holds them (newest first). A new key with strictly decreasing indexes, the
   * case at start, is appended in one pass; anything else goes bucket by bucket, a repeated
   * index keeping the last.
   */
  putRows(key: string, index: ArrayLike<number>, columns: readonly ArrayLike<number>[], from: number, count: number): void {
    const w = this.width;
    let ordered = !this.ordinals.has(key) && this.captures === 0;
    for (let r = from + 1; ordered && r < from + count; r++) ordered = index[r]! < index[r - 1]!;
    if (!ordered) {
      for (let r = from + count - 1; r >= from; r--) {
        const { values, offset } = this.bucket(key, index[r]!);
        for (let c = 0; c < w; c++) values[offset + c] = columns[c]![r]!;
      }
      return;
    }
    const ordinal = this.ordinalOf(key);
    let prev = NONE;
    for (let r = from; r < from + count; r++) {
      const row = this.freeRow === NONE ? this.appendRow() : this.newRow(0, NONE);
      const page = this.pages[row >> PAGE_BITS]!;
      const slot = row & PAGE_MASK;
      page.index[slot] = index[r]!;
      page.next[slot] = NONE;
      for (let c = 0; c < w; c++) page.values[slot * w + c] = columns[c]![r]!;
      if (prev === NONE) this.setHead(ordinal, row);
      else this.pages[prev >> PAGE_BITS]!.next[prev & PAGE_MASK] = row;
      prev = row;
    }
  }

  /** Value `col` of `key`'s bucket `index`, undefined when there is no such bucket. */
  get(key: string, index: number, col: number): number | undefined {
    let found: number | undefined;
    this.rowsOf(key, index, index, (_i, values, offset) => (found = values[offset + col]));
    return found;
  }

  /** `key`'s rows in [from, to], newest first. */
  rowsOf(key: string, from: number, to: number, fn: (index: number, values: Float64Array, offset: number) => void): void {
    const ordinal = this.ordinals.get(key);
    if (ordinal !== undefined) visitRows(this.view(), ordinal, from, to, fn);
  }

  /** Every key with buckets, and its ordinal for `rows`. */
  forEachKey(fn: (key: string, ordinal: number) => void): void {
    for (const [key, ordinal] of this.ordinals) fn(key, ordinal);
  }

  rows(ordinal: number, from: number, to: number, fn: (index: number, values: Float64Array, offset: number) => void): void {
    visitRows(this.view(), ordinal, from, to, fn);
  }

  /** Drops buckets with an index below `oldest`, and keys left without any. */
  prune(oldest: number): void {
    for (const [key, ordinal] of this.ordinals) {
      let prev = NONE;
      let row = this.head[ordinal]!;
      while (row !== NONE && this.pages[row >> PAGE_BITS]!.index[row & PAGE_MASK]! >= oldest) {
        prev = row;
        row = this.pages[row >> PAGE_BITS]!.next[row & PAGE_MASK]!;
      }
      if (row === NONE) continue;
      if (prev === NONE) this.setHead(ordinal, NONE);
      else {
        const { page, slot } = this.writablePage(prev);
        page.next[slot] = NONE;
      }
      while (row !== NONE) {
        const { page, slot } = this.writablePage(row);
        const next = page.next[slot]!;
        page.next[slot] = this.freeRow;
        this.freeRow = row;
        row = next;
      }
      if (this.head[ordinal] === NONE) {
        this.ordinals.delete(key);
        this.keys[ordinal] = undefined;
        this.freeOrdinals.push(ordinal);
      }
    }
  }

  /** Freezes the table as it is now, until released; writes meanwhile copy what they change. */
  capture(): TableCapture {
    this.captures += 1;
    this.frozenGen = this.gen;
    this.gen += 1;
    this.headShared = true;
    let released = false;
    return {
      width: this.width,
      keys: this.keys.slice(),
      head: this.head,
      pages: this.pages.slice(),
      release: () => {
        if (released) return;
        released = true;
        this.captures -= 1;
      },
    };
  }

  private view(): Pick<TableCapture, 'head' | 'pages' | 'width'> {
    return { head: this.head, pages: this.pages, width: this.width };
  }

  private ordinalOf(key: string): number {
    let ordinal = this.ordinals.get(key);
    if (ordinal !== undefined) return ordinal;
    ordinal = this.freeOrdinals.pop() ?? this.keys.length;
    this.keys[ordinal] = key;
    this.ordinals.set(key, ordinal);
    if (ordinal >= this.head.length) {
      const grown = new Int32Array(this.head.length * 2).fill(NONE);
      grown.set(this.head);
      this.head = grown;
      this.headShared = false;
    }
    this.setHead(ordinal, NONE);
    return ordinal;
  }

  private setHead(ordinal: number, row: number): void {
    if (this.headShared && this.captures > 0) this.head = this.head.slice();
    this.headShared = false;
    this.head[ordinal] = row;
  }

  /** A row past the last one used (zeros when its page is new; the caller sets every field). */
  private appendRow(): number {
    const row = this.rowsUsed++;
    if (row >> PAGE_BITS >= this.pages.length) {
      this.pages.push({ index: new Int32Array(PAGE_ROWS), next: new Int32Array(PAGE_ROWS), values: new Float64Array(PAGE_ROWS * this.width), gen: this.gen });
    }
    return row;
  }

  private newRow(index: number, next: number): number {
    let row = this.freeRow;
    if (row !== NONE) this.freeRow = this.writablePage(row).page.next[row & PAGE_MASK]!;
    else row = this.appendRow();
    const { page, slot } = this.writablePage(row);
    page.index[slot] = index;
    page.next[slot] = next;
    page.values.fill(0, slot * this.width, (slot + 1) * this.width);
    return row;
  }

  private writablePage(row: number): { page: Page; slot: number } {
    const p = row >> PAGE_BITS;
    let page = this.pages[p]!;
    if (this.captures > 0 && page.gen <= this.frozenGen) {
      page = { index: page.index.slice(), next: page.next.slice(), values: page.values.slice(), gen: this.gen };
      this.pages[p] = page;
    }
    return { page, slot: row & PAGE_MASK };
  }

  private writable(row: number): { values: Float64Array; offset: number } {
    const { page, slot } = this.writablePage(row);
    return { values: page.values, offset: slot * this.width };
  }
}
