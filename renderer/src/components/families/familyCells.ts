// Cells shared by the chat room, group and call tables.
import { h } from 'vue';
import { NTag } from 'naive-ui';
import { t } from '../../i18n';
import { formatAgo, formatTime } from '../../format';

export function nameCell(name: string | null, id: string) {
  return h('div', { class: 'cell-name' }, [
    h('strong', { translate: 'no' }, name ?? id),
    name ? h('div', { class: 'mono meta', translate: 'no' }, id) : null,
  ]);
}

export function stateTag(kind: 'rooms' | 'groups' | 'calls', state: string) {
  const type = state === 'active' ? 'success' : state === 'adopted' ? 'info' : state === 'ending' ? 'warning' : 'default';
  return h(NTag, { size: 'small', round: true, type, 'data-testid': 'family-state', 'data-state': state }, () => t(`${kind}.state.${state}`));
}

export function agoCell(at: number | null, now: number) {
  return at === null ? '—' : h('span', { class: 'num', title: formatTime(at, now) }, formatAgo(at, now));
}
