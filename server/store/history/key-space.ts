// The keys (user or channel ids) of the bucket tables that share them, each with an ordinal the
// tables index their lists by. A user's hour and day tables share one: a report looks its user
// up once instead of once per table, and 100,000 user ids are one Map and one string each
// instead of two (a snapshot's two tables would otherwise load two copies of every id).
// An ordinal is freed for reuse once no table holds a row for it.

/** What a key space asks of the tables that share it. */
export interface KeyHolder {
  /** True while the table has a row for `ordinal`. */
  holds(ordinal: number): boolean;
}

export class KeySpace {
  private readonly ordinals = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly holders: KeyHolder[] = [];

  /** A table that indexes by these ordinals; it calls release() when it drops a key's last row. */
  join(holder: KeyHolder): void {
    this.holders.push(holder);
  }

  /** The ordinal of `key`, given one if it has none. */
  ordinalOf(key: string): number {
    let ordinal = this.ordinals.get(key);
    if (ordinal !== undefined) return ordinal;
    ordinal = this.free.pop() ?? this.keys.length;
    this.keys[ordinal] = key;
    this.ordinals.set(key, ordinal);
    return ordinal;
  }

  /** The ordinal of `key`, undefined if it has none (never gives one). */
  find(key: string): number | undefined {
    return this.ordinals.get(key);
  }

  forEach(fn: (key: string, ordinal: number) => void): void {
    for (const [key, ordinal] of this.ordinals) fn(key, ordinal);
  }

  /** Frees `ordinal` for another key if no table holds a row for it any more. */
  release(ordinal: number): void {
    const key = this.keys[ordinal];
    if (key === undefined || this.holders.some((h) => h.holds(ordinal))) return;
    this.ordinals.delete(key);
    this.keys[ordinal] = undefined;
    this.free.push(ordinal);
  }

  /** ordinal -> key as it is now (undefined for a free ordinal), for a capture. */
  snapshot(): (string | undefined)[] {
    return this.keys.slice();
  }
}
