import type { AuditDecision } from '../../../../server/contract';

export interface AuditFilter {
  action: string | null;
  channelId: string;
  userId: string;
  /** Shown decisions; by default what needs a look: denials, the operator's actions, errors. */
  decisions: AuditDecision[];
}

export const DEFAULT_DECISIONS: AuditDecision[] = ['deny', 'operator', 'error'];
