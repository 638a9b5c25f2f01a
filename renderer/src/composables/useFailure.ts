// One way to tell the operator that an action failed, worded by what went wrong.
import { useNotification } from 'naive-ui';
import { ApiFailure } from '../api/client';

export function describeFailure(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiFailure) {
    switch (error.kind) {
      case 'unauthorized':
        return { title: 'Signed out', detail: 'The admin token is no longer valid. Sign in again with the current token.' };
      case 'network':
        return { title: 'Server unreachable', detail: error.message };
      case 'conflict':
        return { title: 'Conflict', detail: `${error.message} The list shows the current state; check it and try again.` };
      case 'not_found':
        return { title: 'Not found', detail: error.message };
      case 'bad_request':
        return { title: 'Refused', detail: error.message };
      case 'server':
        return { title: 'Server error', detail: error.message };
    }
  }
  return { title: 'Failed', detail: error instanceof Error ? error.message : String(error) };
}

export function useFailure() {
  const notification = useNotification();
  return (what: string, error: unknown): void => {
    const { title, detail } = describeFailure(error);
    notification.error({ title: `${what}: ${title}`, content: detail, duration: 10_000, keepAliveOnHover: true });
  };
}
