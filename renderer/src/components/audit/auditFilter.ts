import type { AuditDecision } from '../../../../server/contract/api';

export interface AuditFilter {
  action: string | null;
  channelId: string;
  userId: string;
  decision: AuditDecision | null;
}
