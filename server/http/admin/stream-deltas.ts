// What the stream sends after a change: only what differs from what the followers of a topic
// already hold. The hub keeps one copy of that per topic (and one of the summary), shared by
// every follower: each of them got the same snapshot-then-deltas, so they all hold the same.

import type { Patch, RowsDelta } from '../../contract';

type Changes<Row extends { id: string }> = Partial<Row> & { id: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Rows and the summary are plain JSON: arrays and objects are equal when they read the same.
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of `next` that differ from `sent`, with the id; null when none; 'whole' when a field went away (a change cannot say that). */
export function rowChanges<Row extends { id: string }>(sent: Row, next: Row): Changes<Row> | null | 'whole' {
  const before = sent as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  for (const key of Object.keys(before)) if (!(key in after)) return 'whole';
  let changes: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(after)) {
    if (same(before[key], value)) continue;
    changes ??= { id: next.id };
    changes[key] = value;
  }
  return changes as Changes<Row> | null;
}

/**
 * What changed from `sent` to `next`, nested objects field by field (undefined: nothing). An
 * object that was null or an array comes whole. The summary's fields never go away, so a patch
 * need not say so.
 */
export function patchOf<T>(sent: T, next: T): Patch<T> | undefined {
  if (!isRecord(sent) || !isRecord(next)) return same(sent, next) ? undefined : (next as Patch<T>);
  let patch: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(next)) {
    const changed = patchOf(sent[key], value);
    if (changed === undefined) continue;
    patch ??= {};
    patch[key] = changed;
  }
  return patch as Patch<T> | undefined;
}

/** The rows of one topic as its followers hold them, and the deltas that bring them up to date. */
export class SentRows<Row extends { id: string }> {
  private held = new Map<string, Row>();
  /** The number of the last delta sent; a snapshot tells a new follower where it starts. */
  seq = 0;

  /** The delta for the rows of `ids` that may have changed, `next` being those that still exist; null: nothing to send. */
  update(ids: Iterable<string>, next: Row[]): RowsDelta<Row> | null {
    const gone = new Set(ids);
    for (const row of next) gone.delete(row.id);
    return this.deltaTo(next, [...gone].filter((id) => this.held.has(id)));
  }

  /** The delta that makes the followers' rows equal `all` (what they may have missed: rows no change was announced for). */
  reconcile(all: Row[]): RowsDelta<Row> | null {
    const gone = new Set(this.held.keys());
    for (const row of all) gone.delete(row.id);
    return this.deltaTo(all, [...gone]);
  }

  /** The followers hold `all` now (a first follower's snapshot); none: nobody follows, keep nothing. */
  reset(all: Row[] = []): void {
    this.held = new Map(all.map((row) => [row.id, row]));
  }

  private deltaTo(next: Row[], removed: string[]): RowsDelta<Row> | null {
    const rows: Row[] = [];
    const changed: Changes<Row>[] = [];
    for (const row of next) {
      const sent = this.held.get(row.id);
      const changes = sent ? rowChanges(sent, row) : 'whole';
      if (changes === null) continue;
      if (changes === 'whole') rows.push(row);
      else changed.push(changes);
      this.held.set(row.id, row);
    }
    for (const id of removed) this.held.delete(id);
    if (rows.length === 0 && changed.length === 0 && removed.length === 0) return null;
    const delta: RowsDelta<Row> = { seq: ++this.seq };
    if (rows.length > 0) delta.rows = rows;
    if (changed.length > 0) delta.changed = changed;
    if (removed.length > 0) delta.removed = removed;
    return delta;
  }
}

/** The summary as every page holds it, and the patches that bring it up to date. */
export class SentSummary<S> {
  private held: S | null = null;
  seq = 0;

  /** The patch from what pages hold to `next`; null when nothing changed or nobody holds one yet. */
  update(next: S): { seq: number; changes: Patch<S> } | null {
    const held = this.held;
    this.held = next;
    if (held === null) return null;
    const changes = patchOf(held, next);
    return changes === undefined ? null : { seq: ++this.seq, changes };
  }

  /** Nobody is connected: the next page starts from a snapshot. */
  reset(): void {
    this.held = null;
  }
}
