import { timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import type { ApiError } from '../../contract';

export const TOKEN_COOKIE = 'aec_admin';

/** Hosts the admin listener answers to: its own address, and loopback names when local. */
export function allowedHosts(bindHost: string, port: number, lan: string[] = []): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  for (const host of wildcard ? lan : [bindHost]) hosts.add(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
  return hosts;
}

export function tokensMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function apiError(ctx: Koa.Context, status: number, code: string, error: string): void {
  ctx.status = status;
  ctx.body = { error, code } satisfies ApiError;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // naive-ui injects its component styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export interface GuardOptions {
  hosts: () => Set<string>;
  token: () => string;
}

/**
 * DNS-rebinding defence (Host), CSRF defence (Origin on state changes), the token (Bearer
 * header or the HttpOnly cookie set from the start-up URL), and the security headers.
 */
export function adminGuard(options: GuardOptions): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    const hosts = options.hosts();
    if (!hosts.has(ctx.host)) {
      apiError(ctx, 421, 'bad_host', `this dashboard answers only to ${[...hosts][0]}; Host "${ctx.host}" refused`);
      return;
    }
    const changesState = !['GET', 'HEAD', 'OPTIONS'].includes(ctx.method);
    const origin = ctx.get('Origin');
    if (changesState && origin !== '' && !hosts.has(origin.replace(/^https?:\/\//, ''))) {
      apiError(ctx, 403, 'bad_origin', `requests from ${origin} may not change anything here`);
      return;
    }
    const expected = options.token();
    const queryToken = typeof ctx.query.token === 'string' ? ctx.query.token : undefined;
    if (ctx.method === 'GET' && ctx.path === '/' && queryToken !== undefined) {
      if (!tokensMatch(queryToken, expected)) {
        apiError(ctx, 401, 'unauthorized', 'this dashboard link has an old or wrong token; use the one printed at start-up');
        return;
      }
      setTokenCookie(ctx, expected);
      ctx.redirect('/');
      return;
    }
    if (ctx.method === 'POST' && ctx.path === '/api/login') {
      await next();
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
    const cookie = ctx.cookies.get(TOKEN_COOKIE);
    if (tokensMatch(bearer, expected) || tokensMatch(cookie, expected)) {
      await next();
      return;
    }
    if (ctx.path.startsWith('/api/')) {
      apiError(ctx, 401, 'unauthorized', 'admin token missing or wrong: open the dashboard URL printed at start-up, or sign in');
      return;
    }
    // The page itself loads without a token and shows its sign-in form; it holds no data.
    await next();
  };
}

export function setTokenCookie(ctx: Koa.Context, token: string): void {
  ctx.cookies.set(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', overwrite: true });
}
