// A tiny hash router: #/channels, #/channel/<id>, #/traffic, #/audit, #/settings, #/wall (the
// board in big-screen mode), and the family views as they arrive (#/chatrooms, #/groups, #/calls).
// Hash links are plain <a href>, so they work with the keyboard and survive a reload.
import { computed, ref } from 'vue';

export type Route =
  | { view: 'channels' }
  | { view: 'wall' }
  | { view: 'channel'; id: string }
  | { view: 'traffic' }
  | { view: 'audit'; channelId?: string; userId?: string }
  | { view: 'settings' }
  | { view: 'chatrooms' | 'groups' | 'calls' };

const hash = ref(window.location.hash);
window.addEventListener('hashchange', () => (hash.value = window.location.hash));

const simple = new Set(['traffic', 'settings', 'wall', 'chatrooms', 'groups', 'calls']);

function parse(raw: string): Route {
  const [path = '', query = ''] = raw.replace(/^#\/?/, '').split('?');
  const [head = '', ...rest] = path.split('/');
  const params = new URLSearchParams(query);
  if (head === 'channel') return rest.length ? { view: 'channel', id: decodeURIComponent(rest.join('/')) } : { view: 'channels' };
  if (head === 'audit') return { view: 'audit', channelId: params.get('channelId') ?? undefined, userId: params.get('userId') ?? undefined };
  if (simple.has(head)) return { view: head } as Route;
  return { view: 'channels' };
}

export function channelHref(id: string): string {
  return `#/channel/${encodeURIComponent(id)}`;
}

export function auditHref(filter: { channelId?: string; userId?: string }): string {
  const params = new URLSearchParams();
  if (filter.channelId) params.set('channelId', filter.channelId);
  if (filter.userId) params.set('userId', filter.userId);
  const qs = params.toString();
  return qs ? `#/audit?${qs}` : '#/audit';
}

const route = computed(() => parse(hash.value));

export function useRoute() {
  return route;
}
