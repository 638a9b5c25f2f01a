// Close, Delete, Reopen and Set capacity on a channel, shared by the board and the channel page.
// Dialogs name the show, not only its random id; Close and Delete say that the media server
// only learns it at its next report. Every outcome is a toast.
import { h, ref, type Ref } from 'vue';
import { NInputNumber, useDialog } from 'naive-ui';
import type { ActionResult, ChannelRow } from '../../../server/contract';
import { api, channelPath } from '../api/client';
import { t } from '../i18n';
import { useOverviewStore, type PendingAction } from '../stores/overview';
import { useFailure } from './useFailure';
import { useToasts } from './useToasts';
import { dataAttrs } from '../attrs';

export function showName(row: Pick<ChannelRow, 'id' | 'name'>): string {
  return row.name ? `“${row.name}” (${row.id})` : row.id;
}

export function useChannelActions() {
  const dialog = useDialog();
  const toasts = useToasts();
  const fail = useFailure();
  const overview = useOverviewStore();

  async function send(row: ChannelRow, action: PendingAction, what: string, path: string, body?: unknown): Promise<boolean> {
    overview.setPending(row.id, action);
    try {
      const result = await api.post<ActionResult>(channelPath(row.id, path), body);
      overview.applyRows([result.channel]);
      toasts.success(t(`actions.done.${action}`, { name: showName(row) }), { key: `${action}:${row.id}` });
      if (result.proxy) {
        const say = result.proxy.ok ? toasts.success : toasts.warning;
        say(t('actions.liveProxy', { message: result.proxy.message }), { duration: 8000 });
      }
      return true;
    } catch (error) {
      fail(`${what} ${showName(row)}`, error);
      return false;
    } finally {
      overview.setPending(row.id, null);
    }
  }

  function close(row: ChannelRow): void {
    dialog.warning({
      title: t('actions.closeTitle', { name: showName(row) }),
      content: t('actions.closeBody') + (row.type === 'LIVEPROXY' ? ` ${t('actions.closeProxy')}` : ''),
      positiveText: t('actions.closeConfirm'),
      negativeText: t('common.cancel'),
      closable: false,
      class: 'confirm-close',
      onPositiveClick: () => {
        void send(row, 'close', t('actions.close'), '/close');
      },
    });
  }

  function remove(row: ChannelRow): void {
    dialog.error({
      title: t('actions.deleteTitle', { name: showName(row) }),
      content: t('actions.deleteBody'),
      positiveText: t('actions.deleteConfirm'),
      negativeText: t('common.cancel'),
      closable: false,
      class: 'confirm-delete',
      onPositiveClick: () => {
        void send(row, 'delete', t('actions.delete'), '/delete');
      },
    });
  }

  function reopen(row: ChannelRow): Promise<boolean> {
    return send(row, 'reopen', t('actions.reopen'), '/reopen');
  }

  function setCapacity(row: ChannelRow): void {
    const capacity = ref<number | null>(row.capacity);
    dialog.create({
      title: t('actions.capacityTitle', { name: showName(row) }),
      content: () => capacityField(capacity),
      positiveText: t('actions.setCapacity'),
      negativeText: t('common.cancel'),
      onPositiveClick: async () => {
        if (capacity.value === null || capacity.value < 0) return false;
        return send(row, 'capacity', t('actions.setCapacity'), '/capacity', { capacity: capacity.value });
      },
    });
  }

  return { close, remove, reopen, setCapacity };
}

function capacityField(capacity: Ref<number | null>) {
  return h('div', [
    h('p', t('actions.capacityBody')),
    h(
      NInputNumber,
      {
        value: capacity.value,
        min: 0,
        showButton: false,
        'onUpdate:value': (v: number | null) => (capacity.value = v),
        inputProps: dataAttrs({ 'aria-label': t('actions.capacityLabel'), 'data-testid': 'capacity-input' }),
      },
      { suffix: () => t('units.viewers') },
    ),
  ]);
}
