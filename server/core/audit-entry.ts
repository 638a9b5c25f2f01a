// The one place audit entries are shaped, for callbacks, the operator's actions and the system's
// own events (store faults, refused connections).

import type { AuditDecision, AuditEntry } from '../contract';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditSink {
  record(entry: NewAuditEntry): unknown;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** One callback's entry, field by field: thousands a second, so no intermediate copies. */
export function callbackEntry(fields: {
  at: number;
  action: string;
  channelId: string | null;
  userId: string | null;
  allowed: boolean;
  code: number | null;
  reason: string;
  latencyMs: number;
  raw: string | null;
  remote: string | null;
}): NewAuditEntry {
  return {
    at: fields.at,
    action: fields.action,
    channelId: fields.channelId,
    userId: fields.userId,
    decision: fields.allowed ? 'allow' : 'deny',
    code: fields.allowed ? null : fields.code,
    reason: fields.reason,
    latencyMs: round(fields.latencyMs),
    raw: fields.raw,
    remote: fields.remote,
  };
}

export function operatorEntry(fields: {
  at: number;
  /** `operator:close`, `liveproxy:delete`, ... */
  action: string;
  channelId?: string | null;
  userId?: string | null;
  ok: boolean;
  reason: string;
  latencyMs?: number;
  /** The operator's request, kept as the entry's raw text. */
  request?: unknown;
}): NewAuditEntry {
  return {
    at: fields.at,
    action: fields.action,
    channelId: fields.channelId ?? null,
    userId: fields.userId ?? null,
    decision: fields.ok ? 'operator' : 'error',
    code: null,
    reason: fields.reason,
    latencyMs: round(fields.latencyMs ?? 0),
    raw: fields.request === undefined ? null : JSON.stringify(fields.request),
    remote: null,
  };
}

export function systemEntry(fields: { at: number; action: string; decision: AuditDecision; reason: string; remote?: string | null }): NewAuditEntry {
  return {
    at: fields.at,
    action: fields.action,
    channelId: null,
    userId: null,
    decision: fields.decision,
    code: null,
    reason: fields.reason,
    latencyMs: 0,
    raw: null,
    remote: fields.remote ?? null,
  };
}
