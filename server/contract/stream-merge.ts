// Applying the live stream's deltas (stream.ts) to what a page holds. The dashboard and the
// tests' SSE client merge the same way, so the server's deltas are checked against this code.

import type { Patch, RowsDelta } from './stream';

/** Rows by id after `delta`, and whether it fitted (a change to a row not held means a message was missed). */
export function mergeRows<Row extends { id: string }>(held: Map<string, Row>, delta: RowsDelta<Row>): { touched: string[]; fitted: boolean } {
  const touched: string[] = [];
  let fitted = true;
  for (const row of delta.rows ?? []) {
    held.set(row.id, row);
    touched.push(row.id);
  }
  for (const change of delta.changed ?? []) {
    const row = held.get(change.id);
    if (!row) {
      fitted = false;
      continue;
    }
    // A new object, not the old one changed: a view that keeps the previous row sees the difference.
    held.set(change.id, { ...row, ...change });
    touched.push(change.id);
  }
  for (const id of delta.removed ?? []) held.delete(id);
  return { touched, fitted };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `current` with `patch` laid over it, nested objects merged field by field; a new object throughout. */
export function mergePatch<T>(current: T, patch: NoInfer<Patch<T>>): T {
  if (!isRecord(current) || !isRecord(patch)) return patch as T;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) merged[key] = mergePatch(merged[key], value as Patch<unknown>);
  return merged as T;
}
