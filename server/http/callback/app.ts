import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { AuditEntry } from '../../contract/api';
import type { Monitor } from '../../core/monitor';
import { extractData, formatAllow, formatDeny, parseEvent, verifySign, type WireReply } from '../../protocol';
import { DenyCode } from '../../domain';
import type { AllowList } from './allow-list';

export interface AuditSink {
  record(entry: Omit<AuditEntry, 'id'>): unknown;
}

export interface CallbackAppDeps {
  monitor: Monitor;
  /** Addresses the media server may call from; others get HTTP 403. */
  allowList: () => AllowList;
  /** Largest request body accepted, in bytes; more gets HTTP 413. */
  maxBodyBytes: number;
  audit: AuditSink;
  guardToken: () => string | null;
  /** Prometheus text exposition, for GET /metrics. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  onHandled?: (action: string, allowed: boolean, latencyMs: number) => void;
  now?: () => number;
}

interface Outcome {
  reply: WireReply;
  action: string;
  channelId: string | null;
  userId: string | null;
  reason: string;
  raw: string | null;
}

const RAW_LIMIT = 4096;

/**
 * The listener the media server calls. Any path, GET or POST; always HTTP 200 with a protocol
 * reply, except the health check and metrics.
 */
export function createCallbackApp(deps: CallbackAppDeps): Koa {
  const app = new Koa({ proxy: false });
  const now = deps.now ?? Date.now;
  app.silent = true;

  app.use(async (ctx, next) => {
    const remote = ctx.request.ip;
    if (!deps.allowList().allows(remote)) {
      ctx.status = 403;
      ctx.body = { error: `${remote} is not on this server's --allow-from list` };
      deps.audit.record({
        at: now(),
        action: 'refused:address',
        channelId: null,
        userId: null,
        decision: 'deny',
        code: null,
        reason: `HTTP 403: ${remote} is not on the allow-from list (${deps.allowList().ranges.join(', ')})`,
        latencyMs: 0,
        raw: null,
        remote,
      });
      return;
    }
    if (ctx.method === 'GET' && ctx.path === '/healthz' && ctx.query.data === undefined) {
      ctx.body = { ok: true };
      return;
    }
    if (ctx.method === 'GET' && ctx.path === '/metrics' && ctx.query.data === undefined) {
      const { contentType, body } = await deps.metrics();
      ctx.type = contentType;
      ctx.body = body;
      return;
    }
    await next();
  });

  app.use(
    bodyParser({
      enableTypes: ['json', 'form', 'text'],
      jsonStrict: false,
      formLimit: deps.maxBodyBytes,
      jsonLimit: deps.maxBodyBytes,
      textLimit: deps.maxBodyBytes,
      onError: (error, ctx) => {
        ctx.state.bodyError = { status: (error as { status?: number }).status ?? 400, message: error.message };
      },
    }),
  );

  app.use(async (ctx, next) => {
    const bodyError = ctx.state.bodyError as { status: number; message: string } | undefined;
    if (bodyError?.status === 413) {
      ctx.status = 413;
      ctx.body = { error: `request body over ${deps.maxBodyBytes} bytes; AEC callbacks are under 2 KB` };
      deps.audit.record({
        at: now(),
        action: 'refused:size',
        channelId: null,
        userId: null,
        decision: 'deny',
        code: null,
        reason: `HTTP 413: body over ${deps.maxBodyBytes} bytes`,
        latencyMs: 0,
        raw: null,
        remote: ctx.request.ip || null,
      });
      return;
    }
    await next();
  });

  app.use(async (ctx) => {
    const started = performance.now();
    const at = now();
    let outcome: Outcome;
    try {
      outcome = await handle(ctx, deps, at);
    } catch (error) {
      outcome = {
        reply: formatDeny(DenyCode.unsupported),
        action: 'unknown',
        channelId: null,
        userId: null,
        reason: `internal error while handling the callback: ${(error as Error).message}`,
        raw: null,
      };
    }
    ctx.status = 200;
    ctx.body = outcome.reply;
    const latencyMs = performance.now() - started;
    const allowed = outcome.reply.status === '1';
    deps.onHandled?.(outcome.action, allowed, latencyMs);
    deps.audit.record({
      at,
      action: outcome.action,
      channelId: outcome.channelId,
      userId: outcome.userId,
      decision: allowed ? 'allow' : 'deny',
      code: allowed ? null : (outcome.reply.data as number),
      reason: outcome.reason,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      raw: outcome.raw,
      remote: ctx.request.ip || null,
    });
  });

  return app;
}

async function handle(ctx: Koa.Context, deps: CallbackAppDeps, at: number): Promise<Outcome> {
  const refuse = (code: number, reason: string, raw: string | null, partial: Partial<Outcome> = {}): Outcome => ({
    reply: formatDeny(code),
    action: 'unknown',
    channelId: null,
    userId: null,
    reason,
    raw,
    ...partial,
  });
  const bodyError = ctx.state.bodyError as { message: string } | undefined;
  if (bodyError) return refuse(DenyCode.missingArgument, `unreadable request body: ${bodyError.message}`, null);
  const request = ctx.request as Koa.Request & { body?: unknown; rawBody?: string };
  const extracted = extractData({
    method: ctx.method,
    query: ctx.query,
    body: request.body,
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    ...(ctx.request.type ? { contentType: ctx.request.type } : {}),
  });
  if (!extracted.ok) return refuse(extracted.code, extracted.reason, truncate(request.rawBody ?? ctx.querystring));
  const raw = truncate(extracted.data);
  const signCheck = verifySign(extracted.data, extracted.sign, deps.guardToken() ?? undefined);
  if (!signCheck.ok) return refuse(DenyCode.badSign, signCheck.reason, raw);
  const parsed = parseEvent(extracted.data);
  if (!parsed.ok) {
    return refuse(parsed.code, parsed.reason, raw, {
      action: parsed.action ?? 'unknown',
      channelId: parsed.channelId ?? null,
      userId: parsed.userId ?? null,
    });
  }
  const event = parsed.event;
  const decision = await deps.monitor.handleCallback(event, at);
  return {
    reply: decision.allow ? formatAllow(decision.reply) : formatDeny(decision.code),
    action: event.action,
    channelId: 'channelId' in event && event.channelId !== undefined ? event.channelId : null,
    userId: 'userId' in event && event.userId !== undefined ? event.userId : null,
    reason: decision.reason,
    raw,
  };
}

function truncate(text: string | null | undefined): string | null {
  if (text === undefined || text === null || text === '') return null;
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text;
}
