// The live tail of the audit log, batched and pausable. Arrivals are gathered and shown at most
// once a second (one render for hundreds of callbacks), and while the operator points at the
// table or has a row open they are held back ("12 new") so no row moves under the pointer.
import { computed, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import type { AuditEntry } from '../../../server/contract';
import { useAuditStore } from '../stores/audit';

const BATCH_MS = 1000;
/** Rows kept in the page; older ones are a "Load older" away. */
export const KEEP_ROWS = 1000;

export function useAuditTail(options: { matches: (e: AuditEntry) => boolean; following: Ref<boolean>; paused: Ref<boolean> }) {
  const audit = useAuditStore();
  const entries = shallowRef<AuditEntry[]>([]);
  const held = shallowRef<AuditEntry[]>([]);
  let arrived: AuditEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  function show(fresh: AuditEntry[]): void {
    if (fresh.length === 0) return;
    const known = new Set(entries.value.slice(0, 2 * KEEP_ROWS).map((e) => e.id));
    const add = fresh.filter((e) => !known.has(e.id));
    entries.value = [...add, ...entries.value].slice(0, KEEP_ROWS);
  }

  function flush(): void {
    timer = null;
    // Newest first, as the table shows them.
    const batch = arrived.filter(options.matches).reverse();
    arrived = [];
    if (batch.length === 0) return;
    if (options.paused.value) held.value = [...batch, ...held.value].slice(0, KEEP_ROWS);
    else show(batch);
  }

  /** Shows what was held back (the "N new" button, or the pause ending). */
  function release(): void {
    const pending = held.value;
    held.value = [];
    show(pending);
  }

  const unsubscribe = audit.subscribe((batch) => {
    if (!options.following.value) return;
    arrived.push(...batch);
    timer ??= setTimeout(flush, BATCH_MS);
  });
  onBeforeUnmount(() => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  });

  return { entries, held, heldCount: computed(() => held.value.length), release };
}
