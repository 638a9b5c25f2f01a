// The live tail of the audit log as it arrives on the stream, handed to the views that
// listen (each keeps its own filtered list).
import { defineStore } from 'pinia';
import type { AuditEntry } from '../../../server/contract';

export const useAuditStore = defineStore('audit', () => {
  const listeners = new Set<(entries: AuditEntry[]) => void>();

  /** `entries` come oldest first, as the stream sends them. */
  function append(entries: AuditEntry[]): void {
    if (entries.length === 0) return;
    listeners.forEach((l) => l(entries));
  }

  /** For views that keep their own filtered list. */
  function subscribe(listener: (entries: AuditEntry[]) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { append, subscribe };
});
