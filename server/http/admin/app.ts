import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import Koa from 'koa';
import { lazyMiddleware } from '../lazy-middleware';
import type { AdminServices } from './services';
import { adminGuard, apiError } from './guard';
import type { FailedLogins } from './failed-logins';
import { loginLockout } from './login-lockout';
import { backupRoutes } from './routes-backups';
import { channelRoutes } from './routes-channels';
import { familyRoutes } from './routes-families';
import { insightRoutes } from './routes-insight';
import { adminRoutes } from './routes-admin';
import { webhookRoutes } from './routes-webhooks';
import { placeholderPage } from './placeholder-page';

export interface AdminAppOptions {
  /** Host:port strings the listener answers to (filled once it is bound). */
  hosts: () => Set<string>;
  /** Set when the listener is reachable from the network: wrong tokens then lock an address out. */
  failedLogins?: FailedLogins;
}

/** The dashboard's listener: REST + SSE + the built renderer, all behind the admin token. */
export function createAdminApp(services: AdminServices, options: AdminAppOptions): Koa {
  const app = new Koa();
  app.silent = true;
  // Outermost, so every answer is compressed, errors included. Each write is flushed at once, so
  // the live stream (SSE) still arrives message by message, only smaller (~10x on repeated rows).
  app.use(
    lazyMiddleware(async () =>
      (await import('koa-compress')).default({
        threshold: 512,
        gzip: { flush: zlib.Z_SYNC_FLUSH },
        br: { flush: zlib.BROTLI_OPERATION_FLUSH, params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
        deflate: false,
      }),
    ),
  );
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      apiError(ctx, status, status === 500 ? 'internal' : 'bad_request', (error as Error).message);
    }
  });
  if (options.failedLogins) app.use(loginLockout(options.failedLogins));
  app.use(adminGuard({ hosts: options.hosts, token: services.adminToken }));
  app.use(lazyMiddleware(async () => (await import('@koa/bodyparser')).bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' })));
  for (const router of [adminRoutes(services), channelRoutes(services), familyRoutes(services), insightRoutes(services), webhookRoutes(services)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  const backups = backupRoutes(services);
  app.use(backups.routes());
  app.use(backups.allowedMethods());
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) return apiError(ctx, 404, 'not_found', `no endpoint ${ctx.method} ${ctx.path}`);
    await next();
  });
  const index = join(services.rendererDir, 'index.html');
  app.use(lazyMiddleware(async () => (await import('koa-static')).default(services.rendererDir, { index: 'index.html', maxage: 0, setHeaders: cacheHeaders })));
  const servePage = lazyMiddleware(async () => (await import('koa-static')).default(services.rendererDir, { index: 'index.html' }));
  app.use(async (ctx) => {
    if (ctx.method !== 'GET') return apiError(ctx, 404, 'not_found', `no endpoint ${ctx.method} ${ctx.path}`);
    // Built renderer present: any unknown page path is the app itself (client-side views).
    if (existsSync(index)) {
      ctx.path = '/';
      await servePage(ctx, async () => undefined);
      return;
    }
    ctx.type = 'html';
    ctx.body = placeholderPage(services.summary());
  });
  return app;
}

/** Vite names built assets by their content hash: such a file never changes, so the browser keeps it
 * for a year without asking; the page itself (index.html) is checked every time. */
function cacheHeaders(res: { setHeader(name: string, value: string): void }, path: string): void {
  // koa-send hands over the precompressed file's path (….js.br) when it serves one.
  const hashed = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.(?:js|css|woff2?|svg|png)(?:\.br|\.gz)?$/.test(path);
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}
