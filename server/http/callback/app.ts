import type { RequestListener } from 'node:http';
import Koa from 'koa';
import type { AuditSink } from '../../core/audit-entry';
import type { ForwardDeps } from '../../core/forward-callback';
import type { Monitor } from '../../core/monitor';
import type { SignPolicy } from '../../protocol';
import type { AllowList } from '../../settings/allow-list';
import { readBody } from './body';
import { withFastLane } from './fast-lane';
import { callerGuard } from './guard';
import { answerCallbacks, type HandlerDeps } from './handler';

export type { AuditSink };

export interface CallbackAppDeps {
  monitor: Monitor;
  /** Addresses the media server may call from; others get HTTP 403. */
  allowList: () => AllowList;
  /** Largest request body accepted, in bytes; more gets HTTP 413. */
  maxBodyBytes: number;
  audit: AuditSink;
  signPolicy: () => SignPolicy;
  answerBudgetMs: () => number;
  /** Forward mode's deps while an eventCenter is set. */
  forward?: () => ForwardDeps | undefined;
  /** Prometheus text exposition, for GET /metrics. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  onHandled?: (action: string, allowed: boolean, latencyMs: number, at: number) => void;
  now?: () => number;
}

/**
 * The listener the media server calls. Any path, GET or POST; always HTTP 200 with a protocol
 * reply, except the health check, the metrics, and callers refused by address or size.
 * The 2.9.6 form POST takes the fast lane; everything else the Koa app.
 */
export function createCallbackListener(deps: CallbackAppDeps): RequestListener {
  const handler = handlerDeps(deps);
  return withFastLane(createCallbackApp(deps, handler).callback(), { ...handler, allowList: deps.allowList, maxBodyBytes: deps.maxBodyBytes });
}

function createCallbackApp(deps: CallbackAppDeps, handler: HandlerDeps): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  app.use(callerGuard({ allowList: deps.allowList, audit: deps.audit, metrics: deps.metrics, now: handler.now }));
  for (const middleware of readBody({ maxBodyBytes: deps.maxBodyBytes, audit: deps.audit, now: handler.now })) app.use(middleware);
  app.use(answerCallbacks(handler));
  return app;
}

function handlerDeps(deps: CallbackAppDeps): HandlerDeps {
  return {
    monitor: deps.monitor,
    signPolicy: deps.signPolicy,
    answerBudgetMs: deps.answerBudgetMs,
    ...(deps.forward ? { forward: deps.forward } : {}),
    audit: deps.audit,
    onHandled: deps.onHandled,
    now: deps.now ?? Date.now,
  };
}
