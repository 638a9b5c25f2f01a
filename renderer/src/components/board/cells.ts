// The board's cells: a show's name over its id, audience against capacity, traffic as bitrate
// and bytes, ages that never read "0 s".
import { h } from 'vue';
import type { ChannelRow } from '../../../../server/contract';
import { t } from '../../i18n';
import { channelHref } from '../../composables/useRoute';
import { formatAgo, formatBitrate, formatBytesPerMinute, formatFor, formatNumber, formatTime } from '../../format';
import { capacityLook, waitingForFirstMinute } from '../../lib/board';

export function channelCell(r: ChannelRow, withMeta: boolean) {
  return h('div', { class: 'cell-channel' }, [
    h('a', { href: channelHref(r.id), class: 'show-name', 'data-testid': 'channel-link' }, [
      r.name ? h('span', { translate: 'no' }, r.name) : h('span', { class: 'mono', translate: 'no' }, r.id),
    ]),
    h('div', { class: 'meta' }, [
      r.name ? h('span', { class: 'mono', translate: 'no' }, r.id) : null,
      withMeta ? h('span', { translate: 'no' }, ` · ${r.type}${r.owner ? ` · ${r.owner}` : ''}`) : null,
    ]),
  ]);
}

export function viewersCell(r: ChannelRow) {
  const look = capacityLook(r);
  const capacity = r.capacity ? formatNumber(r.capacity) : '∞';
  const title = look === 'over' ? t('board.overCapacity') : look === 'near' ? t('board.nearCapacity') : r.capacity ? t('board.capacity') : t('board.noLimit');
  return h('span', { class: ['num', `cap-${look}`], title, 'data-testid': 'viewers', 'data-capacity': look }, `${formatNumber(r.viewers)} / ${capacity}`);
}

export function trafficCell(r: ChannelRow, now: number) {
  if (waitingForFirstMinute(r, now)) {
    return h('span', { class: 'waiting', 'data-testid': 'bytes-last-minute' }, t('board.waitingFirstMinute'));
  }
  if (r.bytesLastMinute === 0 && r.state !== 'live' && r.state !== 'stale') return h('span', { class: 'muted', 'data-testid': 'bytes-last-minute' }, '—');
  return h('div', { class: 'cell-traffic' }, [
    h('span', { class: 'num strong', 'data-testid': 'bitrate' }, formatBitrate(r.bytesLastMinute)),
    h('span', { class: 'num meta', 'data-testid': 'bytes-last-minute' }, formatBytesPerMinute(r.bytesLastMinute)),
  ]);
}

export function liveForCell(r: ChannelRow, now: number) {
  if (r.liveSince === null) return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'num', title: formatTime(r.liveSince, now), 'data-testid': 'live-for' }, formatFor(r.liveSince, now));
}

export function lastReportCell(r: ChannelRow, now: number) {
  const old = now - r.lastEventAt > 90_000 && r.state === 'live';
  return h('span', { class: ['num', old ? 'warn-ink' : ''], title: formatTime(r.lastEventAt, now), 'data-testid': 'last-report' }, formatAgo(r.lastEventAt, now));
}

/** Uploaders publishing now, beside the state: one is the normal show, none on a live channel is news. */
export function uploadersMark(r: ChannelRow) {
  return h('span', { class: 'num uploaders', title: t('board.uploaders', { n: r.uploaders }) }, [
    h('span', { 'aria-hidden': 'true' }, '⬆'),
    h('span', { 'data-testid': 'uploaders' }, formatNumber(r.uploaders)),
  ]);
}
