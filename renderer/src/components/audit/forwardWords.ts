// Forward mode in the audit log, in words an operator reads at a glance: a callback the fallback
// rule answered or one the studio's eventCenter refused gets a badge beside its reason, and the
// system's own entries about the eventCenter get a name instead of only `upstream:down`.
import { SYSTEM_AUDIT_ACTIONS } from '../../../../server/contract';

export type ForwardBadge = 'fallback' | 'upstreamDenied';

/** Reasons are written by server/domain/forward (fallback.ts, observe.ts) and core/forward-callback.ts. */
export function forwardBadge(reason: string): ForwardBadge | null {
  if (reason.startsWith('decided by fallback')) return 'fallback';
  if (reason.includes('denied by upstream')) return 'upstreamDenied';
  return null;
}

const SYSTEM_NAMES: Record<string, 'upstreamDown' | 'upstreamUp' | 'upstreamReplayed'> = {
  [SYSTEM_AUDIT_ACTIONS.upstreamDown]: 'upstreamDown',
  [SYSTEM_AUDIT_ACTIONS.upstreamUp]: 'upstreamUp',
  [SYSTEM_AUDIT_ACTIONS.upstreamReplayed]: 'upstreamReplayed',
};

/** The key under `audit.system` naming a system action, or null for any other action. */
export function systemActionName(action: string): 'upstreamDown' | 'upstreamUp' | 'upstreamReplayed' | null {
  return Object.hasOwn(SYSTEM_NAMES, action) ? SYSTEM_NAMES[action]! : null;
}
