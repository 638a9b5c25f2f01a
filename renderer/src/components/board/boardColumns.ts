// Columns of the board for the room it has: a wall screen shows everything large, a laptop the
// essentials, 800 px the state, audience, traffic and a menu of actions, never a sideways scroll.
import { h } from 'vue';
import type { DataTableColumns } from 'naive-ui';
import type { ChannelRow } from '../../../../server/contract';
import { t } from '../../i18n';
import { formatBytes } from '../../format';
import type { PendingAction } from '../../stores/overview';
import ChannelActions from '../channels/ChannelActions.vue';
import ChannelStateBadge from '../channels/ChannelStateBadge.vue';
import Sparkline from './Sparkline.vue';
import { sortableTitle } from './sortableTitle';
import { channelCell, lastReportCell, liveForCell, trafficCell, uploadersMark, viewersCell } from './cells';

export type BoardLayout = 'compact' | 'medium' | 'wide' | 'big';

export function layoutFor(width: number, big: boolean): BoardLayout {
  if (big) return 'big';
  if (width < 820) return 'compact';
  return width < 1240 ? 'medium' : 'wide';
}

const byNumber = (pick: (r: ChannelRow) => number | null) => (a: ChannelRow, b: ChannelRow) => (pick(a) ?? -1) - (pick(b) ?? -1);

interface Context {
  now: () => number;
  pending: (id: string) => PendingAction | null;
  sparkline: (id: string) => number[] | null;
}

function stateCell(r: ChannelRow, pending: PendingAction | null) {
  return h('div', { class: 'cell-state' }, [h(ChannelStateBadge, { row: r, pending }), uploadersMark(r)]);
}

export function boardColumns(layout: BoardLayout, ctx: Context): DataTableColumns<ChannelRow> {
  const show = (...layouts: BoardLayout[]) => layouts.includes(layout);
  const columns: DataTableColumns<ChannelRow> = [
    {
      key: 'id',
      title: sortableTitle(t('board.col.channel')),
      minWidth: 160,
      sorter: (a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id),
      render: (r) => channelCell(r, show('wide', 'medium')),
    },
    { key: 'state', title: t('board.col.state'), width: layout === 'compact' ? 96 : 120, render: (r) => stateCell(r, ctx.pending(r.id)) },
    { key: 'viewers', title: sortableTitle(t('board.col.viewers')), width: 104, align: 'right', sorter: byNumber((r) => r.viewers), render: viewersCell },
    {
      key: 'bytesLastMinute',
      title: sortableTitle(t('board.col.traffic')),
      width: 150,
      align: 'right',
      sorter: byNumber((r) => r.bytesLastMinute),
      render: (r) => trafficCell(r, ctx.now()),
    },
  ];
  if (show('wide', 'medium', 'big')) {
    columns.push({
      key: 'spark',
      title: t('board.col.trend'),
      width: 96,
      render: (r) => h(Sparkline, { points: ctx.sparkline(r.id), label: t('board.trendLabel') }),
    });
  }
  if (show('wide', 'medium')) {
    columns.push({
      key: 'bytes',
      title: sortableTitle(t('board.col.total')),
      width: 92,
      align: 'right',
      sorter: byNumber((r) => r.bytes),
      render: (r) => h('span', { class: 'num', 'data-testid': 'bytes-total' }, formatBytes(r.bytes)),
    });
  }
  if (!show('compact')) {
    columns.push({ key: 'liveSince', title: sortableTitle(t('board.col.liveFor')), width: 100, sorter: byNumber((r) => r.liveSince), render: (r) => liveForCell(r, ctx.now()) });
  }
  if (show('wide', 'big')) {
    columns.push({ key: 'lastEventAt', title: sortableTitle(t('board.col.lastReport')), width: 116, sorter: byNumber((r) => r.lastEventAt), render: (r) => lastReportCell(r, ctx.now()) });
  }
  if (!show('big')) {
    columns.push({ key: 'actions', title: t('board.col.actions'), width: show('compact') ? 64 : 150, render: (r) => h(ChannelActions, { row: r, menuOnly: show('compact') }) });
  }
  return columns;
}
