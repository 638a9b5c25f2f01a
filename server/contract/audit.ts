// The audit log's vocabulary: what an entry records and how it can be filtered.

import type { ActionFamily } from './actions';

export const AUDIT_DECISIONS = ['allow', 'deny', 'operator', 'error'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** The operator's levers, as commands to the domain and as `operator:<kind>` audit actions. */
export const OPERATOR_COMMAND_KINDS = ['close', 'reopen', 'delete', 'setCapacity', 'kick', 'ban', 'liftBan', 'deleteChatRoom', 'setChatRoomLimit', 'endCall'] as const;
export type OperatorCommandKind = (typeof OPERATOR_COMMAND_KINDS)[number];

/** Audit entries that are not a callback's action nor an operator command. */
export const SYSTEM_AUDIT_ACTIONS = {
  storeProblem: 'store:problem',
  refusedAddress: 'refused:address',
  refusedSize: 'refused:size',
  /** An alert could not be delivered to a webhook (after its retries). */
  webhookFailed: 'webhook:failed',
  /** Forward mode: the studio's eventCenter stopped answering, and answered again. */
  upstreamDown: 'upstream:down',
  upstreamUp: 'upstream:up',
  /** A teardown answered by fallback was delivered to the eventCenter. */
  upstreamReplayed: 'upstream:replayed',
} as const;

export function operatorAuditAction(kind: string): string {
  return `operator:${kind}`;
}

export const OPERATOR_AUDIT_ACTIONS = [...OPERATOR_COMMAND_KINDS, 'liveproxy:close', 'liveproxy:delete'].map(operatorAuditAction);

export interface AuditEntry {
  /** Monotonic id, for paging and de-duplication. */
  id: number;
  at: number;
  /** AEC action, `operator:<what>` for the operator's own actions, or a system action. */
  action: string;
  channelId: string | null;
  userId: string | null;
  decision: AuditDecision;
  /** Our code for a denial (see deny-codes.ts); null when allowed. */
  code: number | null;
  reason: string;
  /** Handling time in milliseconds, reply included. */
  latencyMs: number;
  /** The raw `data` string as received (truncated to 4 KB), or the operator's request. */
  raw: string | null;
  remote: string | null;
}

export interface AuditQuery {
  action?: string;
  /** Callbacks of one action family (live, chatroom, group, voip, push, access). */
  family?: ActionFamily;
  channelId?: string;
  userId?: string;
  decision?: AuditDecision;
  /** Only entries with id below this (paging backwards). */
  before?: number;
  limit?: number;
}
