// One way to tell the operator that an action failed, worded by what went wrong.
import { useNotification } from 'naive-ui';
import { ApiFailure } from '../api/client';
import { t } from '../i18n';
import { useAnnouncerStore } from '../stores/announcer';

export function describeFailure(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiFailure) {
    switch (error.kind) {
      case 'unauthorized':
        return { title: t('failure.signedOut'), detail: t('failure.signedOutDetail') };
      case 'network':
        return { title: t('failure.unreachable'), detail: t('failure.unreachableDetail') };
      case 'conflict':
        return { title: t('failure.conflict'), detail: `${error.message} ${t('failure.conflictDetail')}` };
      case 'not_found':
        return { title: t('failure.notFound'), detail: error.message };
      case 'bad_request':
        return { title: t('failure.refused'), detail: error.message };
      case 'server':
        return { title: t('failure.server'), detail: error.message };
    }
  }
  return { title: t('failure.failed'), detail: error instanceof Error ? error.message : String(error) };
}

export function useFailure() {
  const notification = useNotification();
  const announcer = useAnnouncerStore();
  return (what: string, error: unknown): void => {
    const { title, detail } = describeFailure(error);
    announcer.say(`${what}: ${title}. ${detail}`);
    notification.error({ title: `${what}: ${title}`, content: detail, duration: 10_000, keepAliveOnHover: true });
  };
}
