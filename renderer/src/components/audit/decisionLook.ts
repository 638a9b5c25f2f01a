import type { AuditDecision } from '../../../../server/contract';

export const decisionType: Record<AuditDecision, 'success' | 'error' | 'info' | 'warning'> = {
  allow: 'success',
  deny: 'error',
  operator: 'info',
  error: 'warning',
};
