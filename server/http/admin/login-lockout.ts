// Failed sign-ins on a dashboard reachable from the LAN: every wrong admin token (POST
// /api/login, the `/?token=` link, a Bearer header, the cookie) counts against the client's
// address, and after too many the address is refused with HTTP 429 for a while, its token right
// or wrong. Placed before the guard, it reads the guard's answer (401) instead of repeating its
// checks. Requests without any token (the sign-in page itself) are not counted nor refused.

import type Koa from 'koa';
import { apiError, TOKEN_COOKIE } from './guard';
import type { FailedLogins } from './failed-logins';

export function loginLockout(failedLogins: FailedLogins, now: () => number = Date.now): Koa.Middleware {
  return async (ctx, next) => {
    const address = ctx.ip;
    const offered = credentialsOf(ctx);
    if (offered !== undefined || isLogin(ctx)) {
      const lockedMs = failedLogins.lockedForMs(address, now());
      if (lockedMs > 0) return refuse(ctx, address, lockedMs);
    }
    await next();
    if (ctx.status !== 401) return;
    // The login's token is in its body, parsed by now.
    const credential = [offered, isLogin(ctx) ? bodyToken(ctx) : undefined].filter((part) => part !== undefined).join('\n');
    if (credential === '') return;
    const lockedMs = failedLogins.failed(address, credential, now());
    if (lockedMs > 0) refuse(ctx, address, lockedMs);
  };
}

function isLogin(ctx: Koa.Context): boolean {
  return ctx.method === 'POST' && ctx.path === '/api/login';
}

/** Every token the request offers outside its body, as one string; undefined when none. */
function credentialsOf(ctx: Koa.Context): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
  const cookie = ctx.cookies.get(TOKEN_COOKIE);
  const query = ctx.method === 'GET' && ctx.path === '/' && typeof ctx.query.token === 'string' ? ctx.query.token : undefined;
  const parts = [bearer, cookie, query].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : parts.join('\n');
}

function bodyToken(ctx: Koa.Context): string | undefined {
  const body = (ctx.request as Koa.Request & { body?: unknown }).body;
  const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
  return typeof token === 'string' ? token : undefined;
}

function refuse(ctx: Koa.Context, address: string, lockedMs: number): void {
  const seconds = Math.ceil(lockedMs / 1000);
  const minutes = Math.ceil(seconds / 60);
  ctx.set('Retry-After', String(seconds));
  apiError(
    ctx,
    429,
    'locked_out',
    `Too many wrong admin tokens from ${address}: sign-in from this address is locked. Try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}, with the token printed when the server started.`,
  );
}
