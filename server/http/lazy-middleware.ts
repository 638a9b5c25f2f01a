// Packages that only the dashboard or the rarer callback paths need are imported on their first
// request instead of at start: koa-static, koa-compress and @koa/bodyparser took 60-120 ms of a
// restart to /healthz, while the media server's own callbacks (the fast lane) need none of them.

import type Koa from 'koa';

/** A middleware made by `load` on first use; a failed import is tried again by the next request. */
export function lazyMiddleware(load: () => Promise<Koa.Middleware>): Koa.Middleware {
  let loading: Promise<Koa.Middleware> | null = null;
  return async (ctx, next) => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    const middleware = await loading;
    return middleware(ctx, next);
  };
}
