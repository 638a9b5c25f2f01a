import Router from '@koa/router';
import type Koa from 'koa';
import type { OperatorCommand } from '../../domain';
import type { ActionResult, ChannelSparklines } from '../../contract';
import type { AdminServices } from './services';
import { apiError } from './guard';
import { showSummary, toChannelDetail, toChannelRow } from './views';
import { runCommand } from './operator-actions';

export function channelRoutes(services: AdminServices): Router {
  const router = new Router({ prefix: '/api/channels' });
  const { monitor, history } = services;

  router.get('/', (ctx) => {
    const includeDeleted = ctx.query.includeDeleted === '1' || ctx.query.includeDeleted === 'true';
    const now = services.now();
    ctx.body = [...monitor.state.channels.values()]
      .filter((channel) => includeDeleted || channel.lifecycle !== 'deleted')
      .map((channel) => toChannelRow(monitor.state, channel, history, now));
  });

  // Before '/:id': the list's per-row sparklines, fetched once a minute, never streamed.
  router.get('/sparklines', (ctx) => {
    const minutes = Math.min(59, Math.max(1, Number(ctx.query.minutes ?? 30) || 30));
    const now = services.now();
    const body: ChannelSparklines = { to: Math.floor(now / 60_000) * 60_000, minutes, series: {} };
    for (const channel of monitor.state.channels.values()) {
      if (channel.lifecycle === 'deleted') continue;
      // The last point is the running minute: left out, it would always look like a drop.
      const points = history.channelSeries(channel.id, '1h', now).slice(-minutes - 1, -1).map((p) => p.bytes);
      if (points.some((bytes) => bytes > 0)) body.series[channel.id] = points;
    }
    ctx.body = body;
  });

  router.get('/:id/show.csv', async (ctx) => {
    const channel = monitor.state.channels.get(ctx.params.id ?? '');
    if (!channel) return apiError(ctx, 404, 'not_found', `no channel ${ctx.params.id}`);
    const show = showSummary(monitor.state, channel, services.now());
    const iso = (at: number | null) => (at === null ? '' : new Date(at).toISOString());
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`aec-show-${channel.id.replace(/[^\w-]/g, '_')}.csv`);
    const { stringify } = await import('csv-stringify/sync');
    ctx.body = stringify(
      [[channel.id, csvSafe(channel.extra ?? ''), channel.type, csvSafe(channel.creator ?? ''), iso(show.startedAt), iso(show.endedAt), show.durationSeconds, show.peakViewers, show.uniqueViewers, show.bytes]],
      { header: true, columns: ['channelId', 'name', 'type', 'creator', 'startedAt', 'endedAt', 'durationSeconds', 'peakViewers', 'uniqueViewers', 'bytes'] },
    );
  });

  router.get('/:id', async (ctx) => {
    const channel = monitor.state.channels.get(ctx.params.id ?? '');
    if (!channel) return apiError(ctx, 404, 'not_found', `no channel ${ctx.params.id}`);
    // Memory and the newest file: a quiet channel must not make the page read months of logs.
    const recent = await services.audit.query({ channelId: channel.id, limit: 50 }, { maxFiles: 1 });
    ctx.body = toChannelDetail(monitor.state, channel, history, recent, services.now());
  });

  for (const verb of ['close', 'reopen', 'delete'] as const) {
    router.post(`/:id/${verb}`, async (ctx) => {
      await channelAction(ctx, services, { kind: verb, channelId: ctx.params.id ?? '' });
    });
  }

  router.post('/:id/capacity', async (ctx) => {
    const body = (ctx.request as Koa.Request & { body?: unknown }).body as { capacity?: unknown } | undefined;
    const capacity = typeof body?.capacity === 'number' ? body.capacity : Number.NaN;
    await channelAction(ctx, services, { kind: 'setCapacity', channelId: ctx.params.id ?? '', capacity });
  });

  router.post('/:id/viewers/:userId/kick', async (ctx) => {
    await channelAction(ctx, services, { kind: 'kick', channelId: ctx.params.id ?? '', userId: ctx.params.userId ?? '' });
  });

  return router;
}

async function channelAction(ctx: Koa.Context, services: AdminServices, command: Extract<OperatorCommand, { channelId: string }>): Promise<void> {
  const outcome = await runCommand(ctx, services, command);
  if (!outcome) return;
  const channel = services.monitor.state.channels.get(command.channelId);
  if (!channel) return apiError(ctx, 404, 'not_found', `no channel ${command.channelId}`);
  const result: ActionResult = {
    channel: toChannelRow(services.monitor.state, channel, services.history, services.now()),
    message: outcome.message,
  };
  const proxy = outcome.effects[0];
  if (proxy) result.proxy = proxy;
  services.hub.flush();
  ctx.body = result;
}

/** Names come from the media server's clients: never let a spreadsheet run one as a formula. */
function csvSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
