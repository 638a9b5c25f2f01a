// POST /api/webhooks/test: the Settings view's "Send a test message" for the alert targets.

import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import type { WebhookTarget, WebhookTestRequest, WebhookTestResponse } from '../../contract';
import { webhookTarget } from '../../settings/schema';
import { apiError } from './guard';
import type { AdminServices } from './services';

const testRequest = z
  .strictObject({ index: z.number().int().min(0).optional(), target: webhookTarget.optional() })
  .refine((body) => body.index === undefined || body.target === undefined, 'give either index or target, not both');

export function webhookRoutes(services: AdminServices): Router {
  const router = new Router({ prefix: '/api' });

  router.post('/webhooks/test', async (ctx) => {
    const parsed = testRequest.safeParse((ctx.request as Koa.Request & { body?: unknown }).body ?? {});
    if (!parsed.success) return apiError(ctx, 400, 'bad_request', parsed.error.issues[0]?.message ?? 'invalid request');
    const chosen = targetsToTest(parsed.data, services.settings.view().webhooks);
    if (typeof chosen === 'string') return apiError(ctx, 400, 'bad_request', chosen);
    ctx.body = { results: await services.webhooks.test(chosen) } satisfies WebhookTestResponse;
  });

  return router;
}

/** The given target, the index-th of the settings, or all of them; a sentence when there is none. */
function targetsToTest(request: WebhookTestRequest, configured: readonly WebhookTarget[]): readonly WebhookTarget[] | string {
  if (request.target) return [request.target];
  if (request.index !== undefined) {
    const target = configured[request.index];
    if (target === undefined) return `there is no webhook number ${request.index}: ${configured.length} ${configured.length === 1 ? 'is' : 'are'} set (numbered from 0)`;
    return [target];
  }
  if (configured.length === 0) return 'no webhook is set: add one in the settings (Alerts), or send a target to test';
  return configured;
}
