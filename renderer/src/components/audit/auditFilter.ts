import type { AuditDecision } from '../../../../server/contract';

export interface AuditFilter {
  action: string | null;
  channelId: string;
  userId: string;
  decision: AuditDecision | null;
}
