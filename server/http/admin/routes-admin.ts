import Router from '@koa/router';
import type Koa from 'koa';
import { AUDIT_DECISIONS, DEFAULT_STREAM_TOPICS, STREAM_TOPICS, type AuditDecision, type StreamTopic } from '../../contract';
import type { AdminServices } from './services';
import { apiError, setTokenCookie, tokensMatch } from './guard';
import { toBanRows } from './views';
import { runCommand } from './operator-actions';

type WithBody = Koa.Request & { body?: unknown };

function bodyOf(ctx: Koa.Context): Record<string, unknown> {
  const body = (ctx.request as WithBody).body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Sign-in, summary, live stream, settings, bans and the simulator switch. */
export function adminRoutes(services: AdminServices): Router {
  const router = new Router({ prefix: '/api' });

  router.post('/login', (ctx) => {
    const token = bodyOf(ctx).token;
    if (typeof token !== 'string' || !tokensMatch(token, services.adminToken())) {
      return apiError(ctx, 401, 'unauthorized', 'wrong admin token');
    }
    setTokenCookie(ctx, services.adminToken());
    ctx.status = 204;
  });

  router.get('/summary', (ctx) => {
    ctx.body = services.summary();
  });

  router.get('/stream', (ctx) => {
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    // No "no-transform": the stream is gzip/brotli-compressed with a flush after every message (app.ts),
    // about ten times smaller, and still arrives message by message.
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.type = 'text/event-stream';
    const topics = streamTopics(ctx.query.topics);
    if (!topics) return apiError(ctx, 400, 'bad_request', `topics must be a comma list of ${STREAM_TOPICS.join(', ')}`);
    // ?audit=deny,operator,error: the audit view's filter, so a page gets only the entries it shows.
    const auditDecisions = decisionsOf(ctx.query.audit);
    if (auditDecisions === null) return apiError(ctx, 400, 'bad_request', `audit must be a comma list of ${AUDIT_DECISIONS.join(', ')}`);
    const stream = services.hub.open(topics, auditDecisions ? { auditDecisions } : {});
    ctx.req.on('close', () => stream.end());
    ctx.body = stream;
  });

  settingsRoutes(router, services);
  banRoutes(router, services);
  simulatorRoutes(router, services);
  return router;
}

function settingsRoutes(router: Router, services: AdminServices): void {
  router.get('/settings', (ctx) => {
    ctx.body = services.settings.response();
  });

  router.put('/settings', async (ctx) => {
    const result = await services.settings.update((ctx.request as WithBody).body);
    if (!result.ok) return apiError(ctx, 400, 'bad_request', result.error);
    ctx.body = result.response;
  });

  router.post('/settings/rotate-token', async (ctx) => {
    const { dashboardUrl } = await services.rotateAdminToken();
    setTokenCookie(ctx, services.adminToken());
    ctx.body = { dashboardUrl };
  });
}

function banRoutes(router: Router, services: AdminServices): void {
  router.get('/bans', (ctx) => {
    ctx.body = toBanRows(services.monitor.state, services.now());
  });

  router.post('/bans', async (ctx) => {
    const body = bodyOf(ctx);
    const userId = typeof body.userId === 'string' ? body.userId.trim() : '';
    const duration = body.durationSeconds;
    if (duration !== null && typeof duration !== 'number') {
      return apiError(ctx, 400, 'bad_request', 'durationSeconds must be a number of seconds, or null for good');
    }
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const done = await runCommand(ctx, services, { kind: 'ban', userId, durationSeconds: duration, reason });
    if (!done) return;
    const row = toBanRows(services.monitor.state, services.now()).find((ban) => ban.userId === userId);
    ctx.status = 201;
    ctx.body = row;
  });

  router.delete('/bans/:userId', async (ctx) => {
    const done = await runCommand(ctx, services, { kind: 'liftBan', userId: ctx.params.userId ?? '' });
    if (!done) return;
    ctx.status = 204;
  });
}

function simulatorRoutes(router: Router, services: AdminServices): void {
  router.get('/simulator', (ctx) => {
    if (!services.simulator) return apiError(ctx, 404, 'not_found', 'the simulator is not available in this build');
    ctx.body = services.simulator.status();
  });

  for (const verb of ['start', 'stop'] as const) {
    router.post(`/simulator/${verb}`, async (ctx) => {
      if (!services.simulator) return apiError(ctx, 404, 'not_found', 'the simulator is not available in this build');
      ctx.body = await services.simulator[verb]();
    });
  }
}

/** `?audit=deny,error`: a set of decisions; absent: undefined (all); anything else: null. */
function decisionsOf(raw: unknown): Set<AuditDecision> | undefined | null {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return null;
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  if (!names.every((name): name is AuditDecision => (AUDIT_DECISIONS as readonly string[]).includes(name))) return null;
  return new Set(names);
}

/** `?topics=channels,calls`; absent: the default topics. */
function streamTopics(raw: unknown): Set<StreamTopic> | undefined {
  if (raw === undefined) return new Set(DEFAULT_STREAM_TOPICS);
  if (typeof raw !== 'string') return undefined;
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  if (!names.every((name): name is StreamTopic => (STREAM_TOPICS as readonly string[]).includes(name))) return undefined;
  return new Set(names);
}
