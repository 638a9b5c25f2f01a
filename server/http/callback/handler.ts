// Every request that reached this point is an AEC callback: always HTTP 200 with a protocol
// reply, then one audit entry. Shared by the Koa app's last middleware and the fast lane.

import type Koa from 'koa';
import { answerCallback, internalErrorOutcome, unreadableBody, type AnswerDeps } from '../../core/answer-callback';
import { callbackEntry, type AuditSink } from '../../core/audit-entry';
import type { CallbackOutcome } from '../../core/callback-outcome';
import type { CallbackRequest } from '../../protocol';
import { bodyErrorOf, type BodyError } from './body';

export interface HandlerDeps extends AnswerDeps {
  audit: AuditSink;
  onHandled?: (action: string, allowed: boolean, latencyMs: number, at: number) => void;
  now: () => number;
}

/** What a callback came to, decided from its request (or from why its body was unreadable). */
export interface Answered {
  outcome: CallbackOutcome;
  /** Wall-clock time it arrived, for the audit log. */
  at: number;
  /** performance.now() when it arrived: the answer budget and the latency run from here. */
  started: number;
}

export async function answer(read: CallbackRequest | BodyError, deps: HandlerDeps, started: number): Promise<Answered> {
  const at = deps.now();
  let outcome: CallbackOutcome;
  try {
    outcome = isBodyError(read) ? unreadableBody(read.message) : await answerCallback(read, deps, at, started);
  } catch (error) {
    outcome = internalErrorOutcome(error);
  }
  return { outcome, at, started };
}

/** Counts and audits an answer; called once its reply is on its way. */
export function recordAnswer({ outcome, at, started }: Answered, remote: string | null, deps: HandlerDeps): void {
  const latencyMs = performance.now() - started;
  deps.onHandled?.(outcome.action, outcome.allowed, latencyMs, at);
  const { action, channelId, userId, allowed, code, reason, raw } = outcome;
  deps.audit.record(callbackEntry({ at, action, channelId, userId, allowed, code, reason, latencyMs, raw, remote }));
}

export function answerCallbacks(deps: HandlerDeps): Koa.Middleware {
  return async (ctx) => {
    const answered = await answer(bodyErrorOf(ctx) ?? requestOf(ctx), deps, performance.now());
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = answered.outcome.body;
    recordAnswer(answered, ctx.request.ip || null, deps);
  };
}

function isBodyError(read: CallbackRequest | BodyError): read is BodyError {
  return (read as BodyError).status !== undefined && (read as CallbackRequest).method === undefined;
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
