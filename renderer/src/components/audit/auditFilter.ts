import { familyOf, type ActionFamily, type AuditDecision, type AuditEntry } from '../../../../server/contract';

export interface AuditFilter {
  action: string | null;
  /** Callbacks of one action family only (the server's `family=`); null: any entry. */
  family: ActionFamily | null;
  channelId: string;
  userId: string;
  /** Shown decisions; by default what needs a look: denials, the operator's actions, errors. */
  decisions: AuditDecision[];
}

export const DEFAULT_DECISIONS: AuditDecision[] = ['deny', 'operator', 'error'];

/** The action filter as the server reads it: `operator:` or `operator:*` is every action with that prefix, anything else exact. */
function actionMatches(action: string, wanted: string | null): boolean {
  if (!wanted) return true;
  const prefix = wanted.endsWith('*') ? wanted.slice(0, -1) : wanted.endsWith(':') ? wanted : null;
  return prefix !== null ? action.startsWith(prefix) : action === wanted;
}

/** Whether an entry belongs in the list, as the server's GET /api/audit decides: the live tail is filtered the same way. */
export function matchesFilter(e: AuditEntry, f: AuditFilter): boolean {
  return (
    actionMatches(e.action, f.action) &&
    (!f.family || familyOf(e.action) === f.family) &&
    (!f.channelId.trim() || e.channelId === f.channelId.trim()) &&
    (!f.userId.trim() || e.userId === f.userId.trim()) &&
    f.decisions.includes(e.decision)
  );
}
