// First middleware of the callback listener: callers outside --allow-from get HTTP 403 (and an
// audit entry); the health check and the metrics are served here; everything else goes on.

import type Koa from 'koa';
import { SYSTEM_AUDIT_ACTIONS } from '../../contract';
import { systemEntry, type AuditSink } from '../../core/audit-entry';
import type { AllowList } from '../../settings/allow-list';

export interface GuardDeps {
  allowList: () => AllowList;
  audit: AuditSink;
  /** Prometheus text exposition, for GET /metrics. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  now: () => number;
}

export function callerGuard(deps: GuardDeps): Koa.Middleware {
  return async (ctx, next) => {
    const remote = ctx.request.ip;
    if (!deps.allowList().allows(remote)) {
      ctx.status = 403;
      ctx.body = { error: `${remote} is not on this server's --allow-from list` };
      const reason = `HTTP 403: ${remote} is not on the allow-from list (${deps.allowList().ranges.join(', ')})`;
      deps.audit.record(systemEntry({ at: deps.now(), action: SYSTEM_AUDIT_ACTIONS.refusedAddress, decision: 'deny', reason, remote }));
      return;
    }
    const plainGet = ctx.method === 'GET' && ctx.query.data === undefined;
    if (plainGet && ctx.path === '/healthz') {
      ctx.body = { ok: true };
      return;
    }
    if (plainGet && ctx.path === '/metrics') {
      const { contentType, body } = await deps.metrics();
      ctx.type = contentType;
      ctx.body = body;
      return;
    }
    await next();
  };
}
