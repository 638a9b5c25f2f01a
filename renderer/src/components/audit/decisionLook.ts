import type { AuditDecision } from '../../../../server/http/api-types';

export const decisionType: Record<AuditDecision, 'success' | 'error' | 'info' | 'warning'> = {
  allow: 'success',
  deny: 'error',
  operator: 'info',
  error: 'warning',
};
