import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import serve from 'koa-static';
import type { AdminServices } from './services';
import { adminGuard, apiError } from './guard';
import { channelRoutes } from './routes-channels';
import { insightRoutes } from './routes-insight';
import { adminRoutes } from './routes-admin';
import { placeholderPage } from './placeholder-page';

export interface AdminAppOptions {
  /** Host:port strings the listener answers to (filled once it is bound). */
  hosts: () => Set<string>;
}

/** The dashboard's listener: REST + SSE + the built renderer, all behind the admin token. */
export function createAdminApp(services: AdminServices, options: AdminAppOptions): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      apiError(ctx, status, status === 500 ? 'internal' : 'bad_request', (error as Error).message);
    }
  });
  app.use(adminGuard({ hosts: options.hosts, token: services.adminToken }));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' }));
  for (const router of [adminRoutes(services), channelRoutes(services), insightRoutes(services)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) return apiError(ctx, 404, 'not_found', `no endpoint ${ctx.method} ${ctx.path}`);
    await next();
  });
  const index = join(services.rendererDir, 'index.html');
  app.use(serve(services.rendererDir, { index: 'index.html', maxage: 0 }));
  app.use(async (ctx) => {
    if (ctx.method !== 'GET') return apiError(ctx, 404, 'not_found', `no endpoint ${ctx.method} ${ctx.path}`);
    // Built renderer present: any unknown page path is the app itself (client-side views).
    if (existsSync(index)) {
      ctx.path = '/';
      await serve(services.rendererDir, { index: 'index.html' })(ctx, async () => undefined);
      return;
    }
    ctx.type = 'html';
    ctx.body = placeholderPage(services.summary());
  });
  return app;
}
