// Close, Delete, Reopen and Set capacity on a channel, shared by the list and the channel view.
// Close and Delete ask first and say that the media server only learns it at its next report.
import { h, ref, type Ref } from 'vue';
import { NInputNumber, useDialog, useMessage } from 'naive-ui';
import { TAKES_UP_TO_A_MINUTE, type ActionResult, type ChannelRow } from '../../../server/contract';
import { api, channelPath } from '../api/client';
import { useOverviewStore, type PendingAction } from '../stores/overview';
import { useFailure } from './useFailure';
import { dataAttrs } from '../attrs';

const takesAMinute = `${TAKES_UP_TO_A_MINUTE}.`;

export function useChannelActions() {
  const dialog = useDialog();
  const message = useMessage();
  const fail = useFailure();
  const overview = useOverviewStore();

  async function send(row: ChannelRow, action: PendingAction, what: string, path: string, body?: unknown): Promise<boolean> {
    overview.setPending(row.id, action);
    try {
      const result = await api.post<ActionResult>(channelPath(row.id, path), body);
      overview.applyRows([result.channel]);
      message.info(result.message || `${what}: done`, { duration: 6000 });
      if (result.proxy) {
        const show = result.proxy.ok ? message.success : message.warning;
        show(`liveProxyServer: ${result.proxy.message}`, { duration: 8000 });
      }
      return true;
    } catch (error) {
      fail(`${what} ${row.id}`, error);
      return false;
    } finally {
      overview.setPending(row.id, null);
    }
  }

  function close(row: ChannelRow): void {
    dialog.warning({
      title: `Close channel ${row.id}?`,
      content:
        `New viewers and uploaders are refused from now on, and current ones are told to stop: ${takesAMinute}` +
        (row.type === 'LIVEPROXY' ? ' A pulled channel is also stopped at once through liveProxyServer, when its address is set.' : ''),
      positiveText: 'Close channel',
      negativeText: 'Cancel',
      closable: false,
      class: 'confirm-close',
      onPositiveClick: () => {
        void send(row, 'close', 'Close channel', '/close');
      },
    });
  }

  function remove(row: ChannelRow): void {
    dialog.error({
      title: `Delete channel ${row.id}?`,
      content:
        `The channel is closed at once here and hidden from the list (its traffic history is kept), but ${takesAMinute}`,
      positiveText: 'Delete channel',
      negativeText: 'Cancel',
      closable: false,
      class: 'confirm-delete',
      onPositiveClick: () => {
        void send(row, 'delete', 'Delete channel', '/delete');
      },
    });
  }

  function reopen(row: ChannelRow): Promise<boolean> {
    return send(row, 'reopen', 'Reopen channel', '/reopen');
  }

  function setCapacity(row: ChannelRow): void {
    const capacity = ref<number | null>(row.capacity);
    dialog.create({
      title: `Capacity of ${row.id}`,
      content: () => capacityField(capacity),
      positiveText: 'Set capacity',
      negativeText: 'Cancel',
      onPositiveClick: async () => {
        if (capacity.value === null || capacity.value < 0) return false;
        return send(row, 'capacity', 'Set capacity', '/capacity', { capacity: capacity.value });
      },
    });
  }

  return { close, remove, reopen, setCapacity };
}

function capacityField(capacity: Ref<number | null>) {
  return h('div', [
    h('p', 'Most viewers at once; 0 means no limit. The media server learns it at its next upload request.'),
    h(NInputNumber, {
      value: capacity.value,
      min: 0,
      step: 10,
      'onUpdate:value': (v: number | null) => (capacity.value = v),
      inputProps: dataAttrs({ 'aria-label': 'Capacity (viewers)', 'data-testid': 'capacity-input' }),
    }, { suffix: () => 'viewers' }),
  ]);
}
