// Last middleware: every request that got this far is an AEC callback. Always HTTP 200 with a
// protocol reply, then one audit entry.

import type Koa from 'koa';
import { answerCallback, internalErrorOutcome, unreadableBody, type AnswerDeps } from '../../core/answer-callback';
import { callbackEntry, type AuditSink } from '../../core/audit-entry';
import type { CallbackOutcome } from '../../core/callback-outcome';
import type { CallbackRequest } from '../../protocol';
import { bodyErrorOf } from './body';

export interface HandlerDeps extends AnswerDeps {
  audit: AuditSink;
  onHandled?: (action: string, allowed: boolean, latencyMs: number, at: number) => void;
  now: () => number;
}

export function answerCallbacks(deps: HandlerDeps): Koa.Middleware {
  return async (ctx) => {
    const started = performance.now();
    const at = deps.now();
    let outcome: CallbackOutcome;
    try {
      const bodyError = bodyErrorOf(ctx);
      outcome = bodyError ? unreadableBody(bodyError.message) : await answerCallback(requestOf(ctx), deps, at, started);
    } catch (error) {
      outcome = internalErrorOutcome(error);
    }
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = outcome.body;
    const latencyMs = performance.now() - started;
    const allowed = outcome.allowed;
    deps.onHandled?.(outcome.action, allowed, latencyMs, at);
    const { body: _sent, ...kept } = outcome;
    deps.audit.record(callbackEntry({ at, ...kept, allowed, latencyMs, remote: ctx.request.ip || null }));
  };
}

function requestOf(ctx: Koa.Context): CallbackRequest {
  const request = ctx.request as Koa.Request & { body?: unknown; rawBody?: string };
  return {
    method: ctx.method,
    query: ctx.query,
    queryText: ctx.querystring,
    body: request.body,
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    ...(ctx.request.type ? { contentType: ctx.request.type } : {}),
    ...(ctx.get('Content-Type') ? { contentTypeHeader: ctx.get('Content-Type') } : {}),
  };
}
