// Which parts of the live stream each view shows: a page subscribes to those only.
import type { StreamTopic } from '../../../server/contract';
import type { Route } from '../composables/useRoute';

export function topicsOf(route: Route): StreamTopic[] {
  switch (route.view) {
    case 'channels':
    case 'wall':
    case 'channel':
      return ['channels'];
    case 'audit':
      return ['audit'];
    case 'chatrooms':
    case 'groups':
    case 'calls':
      return [route.view];
    default:
      return [];
  }
}
