// Cells of the audit log: full action names that wrap at their underscores, the decision with our
// code (and, for a denial, what it meant and what the client was shown), reasons with formatted bytes.
import { h } from 'vue';
import { NTag } from 'naive-ui';
import type { AuditEntry } from '../../../../server/contract';
import { t } from '../../i18n';
import { formatBytesInText } from '../../format';
import { decisionType } from './decisionLook';
import { denyFacts } from './denyFacts';

export function actionCell(e: AuditEntry) {
  const parts = e.action.split(/(?<=[_:])/);
  return h('span', { class: 'mono action-name', translate: 'no' }, parts.flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), part])));
}

export function decisionCell(e: AuditEntry) {
  const facts = denyFacts(e);
  return h('span', { class: 'decision' }, [
    h(NTag, { size: 'small', type: decisionType[e.decision], 'data-testid': 'audit-decision' }, () => t(`audit.decision.${e.decision}`)),
    facts
      ? h('span', { class: 'num code', title: `${facts.meaning} — ${t('audit.clientSaw', { name: facts.clientSaw })}`, 'data-testid': 'audit-code' }, String(facts.code))
      : null,
  ]);
}

export function reasonCell(e: AuditEntry) {
  return h('span', { 'data-testid': 'audit-row-reason', translate: 'no' }, formatBytesInText(e.reason));
}
