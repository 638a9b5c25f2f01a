// The audit log's memory: a fixed-size ring of the newest entries, and the query filter.

import { familyOf, type AuditEntry, type AuditQuery } from '../../contract';

/** Fixed-size ring of the newest entries. */
export class AuditRing {
  private items: (AuditEntry | undefined)[];
  private start = 0;
  count = 0;
  constructor(readonly capacity: number) {
    this.items = new Array<AuditEntry | undefined>(capacity);
  }
  /** Returns true when the oldest entry had to go. */
  push(entry: AuditEntry): boolean {
    const evicts = this.count === this.capacity;
    this.items[(this.start + this.count) % this.capacity] = entry;
    if (evicts) this.start = (this.start + 1) % this.capacity;
    else this.count++;
    return evicts;
  }
  *newestFirst(): Generator<AuditEntry> {
    for (let i = this.count - 1; i >= 0; i--) {
      const entry = this.items[(this.start + i) % this.capacity];
      if (entry) yield entry;
    }
  }
  oldest(): AuditEntry | undefined {
    return this.count > 0 ? this.items[this.start] : undefined;
  }
}

/** The filters of a query, without paging. */
export function auditMatcher(q: AuditQuery): (e: AuditEntry) => boolean {
  const action = q.action;
  // `operator:` or `operator:*` match every operator action; anything else must be exact.
  const prefix = action?.endsWith('*') ? action.slice(0, -1) : action?.endsWith(':') ? action : null;
  return (e) =>
    (action === undefined || (prefix !== null ? e.action.startsWith(prefix) : e.action === action)) &&
    (q.channelId === undefined || e.channelId === q.channelId) &&
    (q.userId === undefined || e.userId === q.userId) &&
    (q.decision === undefined || e.decision === q.decision) &&
    (q.family === undefined || familyOf(e.action) === q.family);
}

/**
 * Text that every matching line of a file must contain (each filter value as JSON writes it):
 * lines without it are stepped over unparsed. Only a pre-check; the matcher decides.
 */
export function auditHints(q: AuditQuery): string[] {
  const hints: string[] = [];
  const action = q.action;
  if (action !== undefined) {
    const prefix = action.endsWith('*') ? action.slice(0, -1) : action.endsWith(':') ? action : null;
    hints.push(prefix === null ? JSON.stringify(action) : JSON.stringify(prefix).slice(0, -1));
  }
  for (const value of [q.channelId, q.userId, q.decision]) if (value !== undefined) hints.push(JSON.stringify(value));
  return hints;
}
