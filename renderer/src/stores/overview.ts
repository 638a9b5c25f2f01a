// The overview that the stream keeps current: the summary and one row per channel.
// Rows are kept in a Map by id and updated in place from `channels` events, never reloaded
// whole; the Map sits in a shallowRef so a batch of rows costs one re-render, not one per row.
import { defineStore } from 'pinia';
import { computed, shallowRef, triggerRef } from 'vue';
import type { ChannelRow, Summary } from '../../../server/contract';

/** An operator action sent and not yet answered, shown on the row meanwhile. */
export type PendingAction = 'close' | 'delete' | 'reopen' | 'capacity';

export const useOverviewStore = defineStore('overview', () => {
  const summary = shallowRef<Summary | null>(null);
  const channelsById = shallowRef(new Map<string, ChannelRow>());
  const pending = shallowRef(new Map<string, PendingAction>());

  const channels = computed(() => [...channelsById.value.values()]);

  /** Rows only when the stream follows channels; otherwise the last ones are kept (no view shows them). */
  function applySnapshot(next: { summary: Summary; channels?: ChannelRow[] }): void {
    summary.value = next.summary;
    if (next.channels) channelsById.value = new Map(next.channels.map((row) => [row.id, row]));
  }

  function applyRows(rows: ChannelRow[]): void {
    if (rows.length === 0) return;
    const map = channelsById.value;
    for (const row of rows) map.set(row.id, row);
    triggerRef(channelsById);
  }

  function applySummary(next: Summary): void {
    summary.value = next;
  }

  function setPending(id: string, action: PendingAction | null): void {
    if (action) pending.value.set(id, action);
    else pending.value.delete(id);
    triggerRef(pending);
  }

  function channel(id: string): ChannelRow | undefined {
    return channelsById.value.get(id);
  }

  return { summary, channelsById, channels, pending, applySnapshot, applyRows, applySummary, setPending, channel };
});
