// The live tail of the audit log as it arrives on the stream, newest first, bounded.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { AuditEntry } from '../../../server/http/api-types';

const tailSize = 500;

export const useAuditStore = defineStore('audit', () => {
  const tail = shallowRef<AuditEntry[]>([]);
  const listeners = new Set<(entries: AuditEntry[]) => void>();

  /** `entries` come oldest first, as the stream sends them. */
  function append(entries: AuditEntry[]): void {
    if (entries.length === 0) return;
    const newest = [...entries].reverse();
    const seen = new Set(newest.map((e) => e.id));
    tail.value = [...newest, ...tail.value.filter((e) => !seen.has(e.id))].slice(0, tailSize);
    listeners.forEach((l) => l(entries));
  }

  /** For views that keep their own filtered list. */
  function subscribe(listener: (entries: AuditEntry[]) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { tail, append, subscribe };
});
