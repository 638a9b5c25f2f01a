// The operator's levers on chat rooms and calls: delete a room, change its member limit, end a
// call. Each asks first where it cannot be undone, and says how it went.
import { h, ref } from 'vue';
import { NInputNumber, useDialog } from 'naive-ui';
import { CHAT_ROOM_LIMIT, type CallRow, type ChatRoomRow, type FamilyActionResult } from '../../../server/contract';
import { api } from '../api/client';
import { t } from '../i18n';
import { useFamiliesStore } from '../stores/families';
import { useFailure } from './useFailure';
import { useToasts } from './useToasts';
import { dataAttrs } from '../attrs';

export const roomName = (room: ChatRoomRow) => (room.name ? `“${room.name}” (${room.id})` : room.id);

export function useFamilyActions() {
  const dialog = useDialog();
  const toasts = useToasts();
  const fail = useFailure();
  const families = useFamiliesStore();

  async function post<Row>(path: string, body: unknown, what: string, done: string, apply: (row: Row) => void): Promise<boolean> {
    try {
      const result = await api.post<FamilyActionResult<Row>>(path, body);
      apply(result.row);
      toasts.success(done);
      return true;
    } catch (e) {
      fail(what, e);
      return false;
    }
  }

  function deleteRoom(room: ChatRoomRow): void {
    dialog.error({
      title: t('rooms.deleteTitle', { name: roomName(room) }),
      content: t('rooms.deleteBody'),
      positiveText: t('rooms.delete'),
      negativeText: t('common.cancel'),
      onPositiveClick: () => {
        void post<ChatRoomRow>(`/api/chatrooms/${encodeURIComponent(room.id)}/delete`, undefined, t('rooms.delete'), t('rooms.deleted', { name: roomName(room) }), (row) => families.rooms.apply([row]));
      },
    });
  }

  function setRoomLimit(room: ChatRoomRow): void {
    const limit = ref<number | null>(room.limit);
    dialog.create({
      title: t('rooms.limitTitle', { name: roomName(room) }),
      content: () =>
        h('div', [
          h('p', t('rooms.limitBody')),
          h(NInputNumber, {
            value: limit.value,
            min: CHAT_ROOM_LIMIT.min,
            max: CHAT_ROOM_LIMIT.max,
            showButton: false,
            'onUpdate:value': (v: number | null) => (limit.value = v),
            inputProps: dataAttrs({ 'aria-label': t('rooms.limitLabel'), 'data-testid': 'room-limit-input' }),
          }),
        ]),
      positiveText: t('rooms.setLimit'),
      negativeText: t('common.cancel'),
      onPositiveClick: () =>
        limit.value === null
          ? false
          : post<ChatRoomRow>(`/api/chatrooms/${encodeURIComponent(room.id)}/limit`, { limit: limit.value }, t('rooms.setLimit'), t('rooms.limitSaved', { name: roomName(room) }), (row) => families.rooms.apply([row])),
    });
  }

  function endCall(call: CallRow): void {
    dialog.warning({
      title: t('calls.endTitle', { caller: call.caller, callee: call.callee }),
      content: t('calls.endBody'),
      positiveText: t('calls.end'),
      negativeText: t('common.cancel'),
      onPositiveClick: () => {
        void post<CallRow>(`/api/calls/${encodeURIComponent(call.id)}/end`, undefined, t('calls.end'), t('calls.ended', { caller: call.caller, callee: call.callee }), (row) => families.callRows.apply([row]));
      },
    });
  }

  return { deleteRoom, setRoomLimit, endCall };
}
