import Router from '@koa/router';
import type Koa from 'koa';
import type { OperatorCommand } from '../../domain';
import type { ActionResult } from '../../contract';
import type { AdminServices } from './services';
import { apiError } from './guard';
import { toChannelDetail, toChannelRow } from './views';
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
