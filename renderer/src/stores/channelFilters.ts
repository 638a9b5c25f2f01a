// What the operator narrowed the channel list to; kept while she visits a channel and returns.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ChannelRow } from '../../../server/contract';

export const useChannelFiltersStore = defineStore('channelFilters', () => {
  const search = ref('');
  const states = ref<ChannelRow['state'][]>([]);
  const types = ref<ChannelRow['type'][]>([]);
  const showDeleted = ref(false);

  function matches(row: ChannelRow): boolean {
    if (row.lifecycle === 'deleted' && !showDeleted.value) return false;
    if (states.value.length && !states.value.includes(row.state)) return false;
    if (types.value.length && !types.value.includes(row.type)) return false;
    const q = search.value.trim().toLowerCase();
    if (!q) return true;
    return [row.id, row.owner, row.name, row.roomId, row.groupId, row.closedBy].some(
      (v) => v !== null && v.toLowerCase().includes(q),
    );
  }

  return { search, states, types, showDeleted, matches };
});
