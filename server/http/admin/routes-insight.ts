import Router from '@koa/router';
import type Koa from 'koa';
import { ACTION_FAMILIES, resolutionOf, type ActionFamily, type AuditDecision, type AuditQuery, type ChannelHistory, type HistoryRange, type TrafficReport } from '../../contract';
import type { AdminServices } from './services';
import { apiError } from './guard';

const RANGES: readonly HistoryRange[] = ['1h', '24h', '7d'];
const DECISIONS: readonly AuditDecision[] = ['allow', 'deny', 'operator', 'error'];

function rangeOf(value: unknown): HistoryRange | undefined {
  if (value === undefined) return '1h';
  return RANGES.find((range) => range === value);
}

/** History series, traffic report, per-user totals (JSON and CSV), and the audit log. */
export function insightRoutes(services: AdminServices): Router {
  const router = new Router({ prefix: '/api' });
  const { history } = services;

  router.get('/channels/:id/history', (ctx) => {
    const range = rangeOf(ctx.query.range);
    if (!range) return apiError(ctx, 400, 'bad_request', `range must be one of ${RANGES.join(', ')}`);
    const channelId = ctx.params.id ?? '';
    if (!services.monitor.state.channels.has(channelId)) return apiError(ctx, 404, 'not_found', `no channel ${channelId}`);
    const body: ChannelHistory = {
      channelId,
      range,
      resolution: resolutionOf(range),
      points: history.channelSeries(channelId, range, services.now()),
    };
    ctx.body = body;
  });

  router.get('/traffic', (ctx) => {
    const range = rangeOf(ctx.query.range);
    if (!range) return apiError(ctx, 400, 'bad_request', `range must be one of ${RANGES.join(', ')}`);
    const now = services.now();
    const body: TrafficReport = {
      range,
      resolution: resolutionOf(range),
      series: history.trafficSeries(range, now),
      topChannels: history.topChannels(range, now, 10),
      topUsers: history.topUsers(range, now, 10),
    };
    ctx.body = body;
  });

  router.get('/users', (ctx) => {
    const range = rangeOf(ctx.query.range);
    if (!range) return apiError(ctx, 400, 'bad_request', `range must be one of ${RANGES.join(', ')}`);
    ctx.body = history.userTotals(range, services.now());
  });

  router.get('/users.csv', async (ctx) => {
    const range = rangeOf(ctx.query.range);
    if (!range) return apiError(ctx, 400, 'bad_request', `range must be one of ${RANGES.join(', ')}`);
    const rows = history.userTotals(range, services.now());
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`aec-users-${range}.csv`);
    const { stringify } = await import('csv-stringify/sync');
    ctx.body = stringify(
      rows.map((row) => [spreadsheetSafe(row.userId), row.bytesWatched, row.minutesWatched, row.minutesUploaded, new Date(row.lastSeenAt).toISOString()]),
      { header: true, columns: ['userId', 'bytesWatched', 'minutesWatched', 'minutesUploaded', 'lastSeen'] },
    );
  });

  router.get('/audit', (ctx) => auditPage(ctx, services));

  return router;
}

/** GET /api/audit: filtered by action, ids and decisions (one, or a comma list), newest first. */
async function auditPage(ctx: Koa.Context, services: AdminServices): Promise<void> {
  const q = ctx.query;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const int = (value: unknown): number | undefined => {
    const n = Number(text(value));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  // One decision, or a comma list (the dashboard's default: deny,operator,error).
  const decisions = text(q.decision)?.split(',') ?? [];
  if (!decisions.every((d) => DECISIONS.includes(d as AuditDecision))) {
    return apiError(ctx, 400, 'bad_request', `decision must be one or a comma list of ${DECISIONS.join(', ')}`);
  }
  const decision = decisions.length === 1 ? decisions[0] : undefined;
  const query: AuditQuery = {};
  const family = text(q.family);
  if (family !== undefined && !(ACTION_FAMILIES as readonly string[]).includes(family)) {
    return apiError(ctx, 400, 'bad_request', `family must be one of ${ACTION_FAMILIES.join(', ')}`);
  }
  if (family) query.family = family as ActionFamily;
  const action = text(q.action);
  const channelId = text(q.channelId);
  const userId = text(q.userId);
  const before = int(q.before);
  const limit = int(q.limit);
  if (action) query.action = action;
  if (channelId) query.channelId = channelId;
  if (userId) query.userId = userId;
  if (decision) query.decision = decision as AuditDecision;
  if (before) query.before = before;
  if (limit) query.limit = Math.min(limit, 1000);
  if (decisions.length <= 1) {
    ctx.body = await services.audit.query(query);
    return;
  }
  // Each decision's newest page, merged newest first: the first `limit` of the union.
  const pages = await Promise.all(decisions.map((d) => services.audit.query({ ...query, decision: d as AuditDecision })));
  const merged = pages.flat().sort((a, b) => b.id - a.id);
  ctx.body = merged.slice(0, query.limit ?? Math.max(0, ...pages.map((page) => page.length)));
}

/** A user id is free text from the media server: never let a spreadsheet run it as a formula. */
function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
