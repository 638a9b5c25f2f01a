// Chat rooms, groups and calls as the stream keeps them (topics chatrooms, groups, calls): rows in
// Maps by id, replaced by a snapshot, updated in place by change events.
import { defineStore } from 'pinia';
import { shallowRef, triggerRef, type ShallowRef } from 'vue';
import type { CallRow, ChatRoomRow, GroupRow } from '../../../server/contract';

function rowsOf<Row extends { id: string }>() {
  const byId: ShallowRef<Map<string, Row>> = shallowRef(new Map());
  return {
    byId,
    replace(rows: Row[] | undefined): void {
      if (rows) byId.value = new Map(rows.map((row) => [row.id, row]));
    },
    apply(rows: Row[]): void {
      for (const row of rows) byId.value.set(row.id, row);
      if (rows.length) triggerRef(byId);
    },
  };
}

export const useFamiliesStore = defineStore('families', () => {
  const chatrooms = rowsOf<ChatRoomRow>();
  const groups = rowsOf<GroupRow>();
  const calls = rowsOf<CallRow>();
  return { chatrooms: chatrooms.byId, groups: groups.byId, calls: calls.byId, rooms: chatrooms, groupRows: groups, callRows: calls };
});
