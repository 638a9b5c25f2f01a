// Health reasons in the operator's language.
import { t } from '../i18n';
import { formatSpan } from '../format';
import type { HealthLevel, HealthReason } from './healthSignal';

export function describeReason(reason: HealthReason): string {
  switch (reason.kind) {
    case 'noCallbackYet':
      return t('health.reason.noCallbackYet');
    case 'silent':
      return t('health.reason.silent', { span: formatSpan(reason.seconds * 1000) });
    case 'connecting':
      return t('health.reason.connecting');
    case 'disconnected':
      return t('health.reason.disconnected');
    case 'storeFailed':
      return t('health.reason.storeFailed');
    case 'storeProblems':
      return t('health.reason.storeProblems', { n: reason.count });
    case 'diskSlow':
      return t('health.reason.diskSlow', { n: reason.answers });
    case 'upstreamDown':
      return t('health.reason.upstreamDown');
  }
}

export function levelWord(level: HealthLevel): string {
  return t(`health.level.${level}`);
}
