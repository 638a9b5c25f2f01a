// The overview that the stream keeps current: the summary and one row per channel.
// Rows are kept in a Map by id and updated in place from `channels` deltas (new rows whole,
// then the fields that changed), never reloaded whole; the Map sits in a shallowRef so a batch
// of rows costs one re-render, not one per row.
import { defineStore } from 'pinia';
import { computed, shallowRef, triggerRef } from 'vue';
import { mergePatch, mergeRows, type ChannelRow, type Patch, type RowsDelta, type Summary } from '../../../server/contract';

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

  /** Whole rows, as an operator action's answer brings them. */
  function applyRows(rows: ChannelRow[]): void {
    applyDelta({ seq: 0, rows });
  }

  /** False when the delta does not fit the rows held (a message was missed): the caller resyncs. */
  function applyDelta(delta: RowsDelta<ChannelRow>): boolean {
    const { fitted } = mergeRows(channelsById.value, delta);
    triggerRef(channelsById);
    return fitted;
  }

  /** False when there is no summary to lay the changes over. */
  function applySummaryChanges(changes: Patch<Summary>): boolean {
    if (!summary.value) return false;
    summary.value = mergePatch(summary.value, changes);
    return true;
  }

  function setPending(id: string, action: PendingAction | null): void {
    if (action) pending.value.set(id, action);
    else pending.value.delete(id);
    triggerRef(pending);
  }

  function channel(id: string): ChannelRow | undefined {
    return channelsById.value.get(id);
  }

  return { summary, channelsById, channels, pending, applySnapshot, applyRows, applyDelta, applySummaryChanges, setPending, channel };
});
