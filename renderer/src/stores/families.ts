// Chat rooms, groups and calls as the stream keeps them (topics chatrooms, groups, calls): rows in
// Maps by id, replaced by a snapshot, updated in place by deltas (new rows whole, then the fields
// that changed, removed ones by id).
import { defineStore } from 'pinia';
import { shallowRef, triggerRef, type ShallowRef } from 'vue';
import { mergeRows, type CallRow, type ChatRoomRow, type GroupRow, type RowsDelta } from '../../../server/contract';

function rowsOf<Row extends { id: string }>() {
  const byId: ShallowRef<Map<string, Row>> = shallowRef(new Map());
  return {
    byId,
    replace(rows: Row[] | undefined): void {
      if (rows) byId.value = new Map(rows.map((row) => [row.id, row]));
    },
    /** Whole rows, as an operator action's answer brings them. */
    apply(rows: Row[]): void {
      for (const row of rows) byId.value.set(row.id, row);
      if (rows.length) triggerRef(byId);
    },
    /** False when the delta does not fit the rows held (a message was missed): the caller resyncs. */
    applyDelta(delta: RowsDelta<Row>): boolean {
      const { fitted } = mergeRows(byId.value, delta);
      triggerRef(byId);
      return fitted;
    },
  };
}

export const useFamiliesStore = defineStore('families', () => {
  const chatrooms = rowsOf<ChatRoomRow>();
  const groups = rowsOf<GroupRow>();
  const calls = rowsOf<CallRow>();
  return { chatrooms: chatrooms.byId, groups: groups.byId, calls: calls.byId, rooms: chatrooms, groupRows: groups, callRows: calls };
});
