import type { AuditDecision } from '../../../../server/http/api-types';

export interface AuditFilter {
  action: string | null;
  channelId: string;
  userId: string;
  decision: AuditDecision | null;
}
