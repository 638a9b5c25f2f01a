// Columns of the channel list: raw numbers in, units out, every column sortable.
import { h } from 'vue';
import type { DataTableColumns } from 'naive-ui';
import type { ChannelRow } from '../../../../server/contract';
import { channelHref } from '../../composables/useRoute';
import { formatBytes, formatBytesPerMinute, formatSpan, formatTime } from '../../format';
import type { PendingAction } from '../../stores/overview';
import ChannelActions from './ChannelActions.vue';
import ChannelStateBadge from './ChannelStateBadge.vue';

const byText = (pick: (r: ChannelRow) => string | null) => (a: ChannelRow, b: ChannelRow) =>
  (pick(a) ?? '').localeCompare(pick(b) ?? '');
const byNumber = (pick: (r: ChannelRow) => number | null) => (a: ChannelRow, b: ChannelRow) =>
  (pick(a) ?? -1) - (pick(b) ?? -1);

export function channelColumns(ctx: {
  now: () => number;
  pending: (id: string) => PendingAction | null;
}): DataTableColumns<ChannelRow> {
  return [
    {
      key: 'id',
      title: 'Channel',
      width: 170,
      sorter: byText((r) => r.id),
      render: (r) => h('a', { href: channelHref(r.id), class: 'mono plain', 'data-testid': 'channel-link' }, r.id),
    },
    { key: 'name', title: 'Name', width: 120, ellipsis: { tooltip: true }, sorter: byText((r) => r.name), render: (r) => r.name ?? '—' },
    { key: 'type', title: 'Type', width: 130, sorter: byText((r) => r.type) },
    { key: 'owner', title: 'Creator', width: 100, sorter: byText((r) => r.owner), render: (r) => r.owner ?? '—' },
    {
      key: 'state',
      title: 'State',
      width: 110,
      sorter: byText((r) => r.state),
      render: (r) => h(ChannelStateBadge, { row: r, pending: ctx.pending(r.id) }),
    },
    {
      key: 'uploaders',
      title: 'Uploaders',
      width: 100,
      align: 'right',
      sorter: byNumber((r) => r.uploaders),
      render: (r) => h('span', { class: 'num', 'data-testid': 'uploaders' }, r.uploaders.toLocaleString()),
    },
    {
      key: 'viewers',
      title: 'Viewers / capacity',
      width: 130,
      align: 'right',
      sorter: byNumber((r) => r.viewers),
      render: (r) =>
        h('span', { class: 'num', 'data-testid': 'viewers' }, `${r.viewers.toLocaleString()} / ${r.capacity ? r.capacity.toLocaleString() : 'no limit'}`),
    },
    {
      key: 'bytesLastMinute',
      title: 'Last minute',
      width: 110,
      align: 'right',
      sorter: byNumber((r) => r.bytesLastMinute),
      render: (r) => h('span', { class: 'num', 'data-testid': 'bytes-last-minute' }, formatBytesPerMinute(r.bytesLastMinute)),
    },
    {
      key: 'bytes',
      title: 'Total',
      width: 90,
      align: 'right',
      sorter: byNumber((r) => r.bytes),
      render: (r) => h('span', { class: 'num', 'data-testid': 'bytes-total' }, formatBytes(r.bytes)),
    },
    {
      key: 'liveSince',
      title: 'Live since',
      width: 100,
      sorter: byNumber((r) => r.liveSince),
      render: (r) =>
        r.liveSince === null
          ? '—'
          : h('span', { class: 'num', title: formatTime(r.liveSince) }, `${formatSpan(ctx.now() - r.liveSince)}`),
    },
    {
      key: 'actions',
      title: 'Actions',
      width: 240,
      fixed: 'right',
      render: (r) => h(ChannelActions, { row: r }),
    },
  ];
}
