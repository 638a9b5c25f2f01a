// Only the holder of the admin token reaches the admin API: Bearer header, or the cookie the
// start-up URL sets. Foreign Host headers (DNS rebinding) and foreign Origins (CSRF) are refused.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { rawRequest } from '../support/raw-http';

const TOKEN = 'a-fixed-admin-token-for-tests';
let t: Harness;
let base: string;
beforeAll(async () => {
  t = await startHarness({ adminToken: TOKEN });
  base = t.app.adminUrl;
});
afterAll(async () => {
  await t.stop();
});

const bearer = { Authorization: `Bearer ${TOKEN}` };

describe('the token', () => {
  test('no token: 401 with a JSON reason', async () => {
    const res = await fetch(new URL('/api/summary', base));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
  });

  test('a wrong token: 401, in the header or a cookie', async () => {
    const attempts: Record<string, string>[] = [{ Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${TOKEN}x` }, { Authorization: TOKEN }, { Cookie: 'aec_admin=wrong' }];
    for (const headers of attempts) {
      expect((await fetch(new URL('/api/channels', base), { headers })).status).toBe(401);
    }
  });

  test('Bearer with the right token: 200', async () => {
    const res = await fetch(new URL('/api/summary', base), { headers: bearer });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dataDir: t.app.dataDir });
  });

  test('the dashboard URL sets an HttpOnly SameSite=Strict cookie and redirects; the cookie then works', async () => {
    expect(t.app.dashboardUrl).toBe(`${base}?token=${TOKEN}`);
    const res = await fetch(t.app.dashboardUrl, { redirect: 'manual' });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^aec_admin=/);
    expect(setCookie.toLowerCase()).toContain('httponly');
    expect(setCookie.toLowerCase()).toContain('samesite=strict');
    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(new URL('/api/summary', base), { headers: { Cookie: cookie } })).status).toBe(200);
    const post = await fetch(new URL('/api/bans', base), {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'cookie-user', durationSeconds: 60 }),
    });
    expect(post.status).toBe(201);
  });

  test('a dashboard URL with a wrong token sets nothing', async () => {
    const res = await fetch(new URL('/?token=stale', base), { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  test('POST /api/login with the token sets the cookie; with a wrong one it does not', async () => {
    const ok = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/aec_admin=/);
    const bad = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: 'nope' }) });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
  });
});

describe('DNS rebinding and CSRF', () => {
  test('a foreign Host header is refused with 421, even with the token', async () => {
    const res = await rawRequest(new URL('/api/summary', base).href, { headers: { ...bearer, Host: 'evil.example:80' } });
    expect(res.status).toBe(421);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'bad_host' });
    const page = await rawRequest(`${base}?token=${TOKEN}`, { headers: { Host: `attacker.test:${new URL(base).port}` } });
    expect(page.status).toBe(421);
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  test('the listener\'s own names are accepted as Host', async () => {
    const port = new URL(base).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await rawRequest(new URL('/api/summary', base).href, { headers: { ...bearer, Host: host } })).status).toBe(200);
    }
  });

  test('a POST from a foreign Origin is refused with 403 and changes nothing', async () => {
    const body = JSON.stringify({ userId: 'csrf-victim', durationSeconds: null });
    const res = await rawRequest(new URL('/api/bans', base).href, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body,
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'bad_origin' });
    const bans = (await (await fetch(new URL('/api/bans', base), { headers: bearer })).json()) as { userId: string }[];
    expect(bans.map((b) => b.userId)).not.toContain('csrf-victim');
    const same = await rawRequest(new URL('/api/bans', base).href, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json', Origin: base.replace(/\/$/, '') },
      body,
    });
    expect(same.status).toBe(201);
  });

  test('admin responses carry the security headers', async () => {
    const res = await fetch(new URL('/api/summary', base), { headers: bearer });
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
