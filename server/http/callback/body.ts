// Second middleware: reads the body (form, JSON or text) within the size limit. A body over the
// limit is HTTP 413 with an audit entry; any other unreadable body is left for the handler to
// answer "0" with the reason.

import type Koa from 'koa';
import { lazyMiddleware } from '../lazy-middleware';
import { SYSTEM_AUDIT_ACTIONS } from '../../contract';
import { systemEntry, type AuditSink } from '../../core/audit-entry';

export interface BodyError {
  status: number;
  message: string;
}

export function bodyErrorOf(ctx: Koa.Context): BodyError | undefined {
  return ctx.state.bodyError as BodyError | undefined;
}

export function readBody(deps: { maxBodyBytes: number; audit: AuditSink; now: () => number }): Koa.Middleware[] {
  // The media server's form POSTs are read by the fast lane: this path is for the rest.
  const parse = lazyMiddleware(async () =>
    (await import('@koa/bodyparser')).bodyParser({
      enableTypes: ['json', 'form', 'text'],
      jsonStrict: false,
      formLimit: deps.maxBodyBytes,
      jsonLimit: deps.maxBodyBytes,
      textLimit: deps.maxBodyBytes,
      onError: (error, ctx) => {
        ctx.state.bodyError = { status: (error as { status?: number }).status ?? 400, message: error.message } satisfies BodyError;
      },
    }),
  );
  const tooLarge: Koa.Middleware = async (ctx, next) => {
    if (bodyErrorOf(ctx)?.status !== 413) return next();
    ctx.status = 413;
    ctx.body = { error: `request body over ${deps.maxBodyBytes} bytes; AEC callbacks are under 2 KB` };
    deps.audit.record(
      systemEntry({
        at: deps.now(),
        action: SYSTEM_AUDIT_ACTIONS.refusedSize,
        decision: 'deny',
        reason: `HTTP 413: body over ${deps.maxBodyBytes} bytes`,
        remote: ctx.request.ip || null,
      }),
    );
  };
  return [parse, tooLarge];
}
