import type { Change } from '../domain/changes';

/** Something the operator must be told about the data folder, in words they understand. */
export interface StoreProblem {
  at: number;
  message: string;
}

/** What the store did, for metrics: timings of its durable writes, and write faults. */
export type StoreActivity =
  | { kind: 'journalSync'; seconds: number; records: number }
  | { kind: 'snapshot'; seconds: number }
  | { kind: 'fault'; part: 'journal' | 'snapshot' };

/** One line of the journal: the changes decided for one event, in order. */
export interface JournalRecord {
  /** Assigned by the journal; strictly increasing, continues across restarts. */
  seq: number;
  at: number;
  changes: Change[];
}

/** What a snapshot file holds. `seq` is the last journal record whose changes are in `data`. */
export interface SnapshotEnvelope<T> {
  format: 1;
  seq: number;
  savedAt: number;
  data: T;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

export function errnoCode(err: unknown): string | undefined {
  return err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
