// An admin listener on the LAN (--admin-host 0.0.0.0): wrong tokens from one address, whichever
// way they come (POST /api/login, the /?token= link, a Bearer header, the cookie), lock that
// address out with HTTP 429, Retry-After and a sentence saying when to try again. On loopback
// nothing changes.

import { afterEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

const TOKEN = 'the-right-admin-token-for-lan-tests';
let t: Harness | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Attempt = (base: string, token: string) => Promise<Response>;
const json = { 'Content-Type': 'application/json' };
const viaLogin: Attempt = (base, token) => fetch(new URL('/api/login', base), { method: 'POST', headers: json, body: JSON.stringify({ token }) });
const viaLink: Attempt = (base, token) => fetch(new URL(`/?token=${encodeURIComponent(token)}`, base), { redirect: 'manual' });
const viaBearer: Attempt = (base, token) => fetch(new URL('/api/summary', base), { headers: { Authorization: `Bearer ${token}` } });
const viaCookie: Attempt = (base, token) => fetch(new URL('/api/channels', base), { headers: { Cookie: `aec_admin=${token}` } });
const ways = [viaLogin, viaLink, viaBearer, viaCookie];

describe('admin listener bound to the LAN', () => {
  test('the tenth wrong token, any way it comes, locks the address out; then even the right one waits', async () => {
    t = await startHarness({ adminHost: '0.0.0.0', adminToken: TOKEN });
    const base = t.app.adminUrl;
    for (let i = 0; i < 9; i += 1) {
      const res = await ways[i % ways.length]!(base, `guess-${i}`);
      expect(res.status, `guess ${i}`).toBe(401);
    }
    const tenth = await viaBearer(base, 'guess-9');
    expect(tenth.status).toBe(429);
    expect(Number(tenth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const body = (await tenth.json()) as { code: string; error: string };
    expect(body.code).toBe('locked_out');
    expect(body.error).toMatch(/^Too many wrong admin tokens from 127\.0\.0\.1: sign-in from this address is locked\. Try again in 15 minutes/);
    for (const way of ways) expect((await way(base, TOKEN)).status).toBe(429);
    // The sign-in page itself (no token offered) still loads, so the message can be read there.
    expect((await fetch(new URL('/', base))).status).toBe(200);
  });

  test('one stale cookie sent again and again is one mistake, and the right token still works', async () => {
    t = await startHarness({ adminHost: '0.0.0.0', adminToken: TOKEN });
    for (let i = 0; i < 30; i += 1) expect((await viaCookie(t.app.adminUrl, 'token-before-rotation')).status).toBe(401);
    expect((await viaBearer(t.app.adminUrl, TOKEN)).status).toBe(200);
    expect((await viaLogin(t.app.adminUrl, TOKEN)).status).toBe(204);
  });

  test('requests that offer no token are not counted', async () => {
    t = await startHarness({ adminHost: '0.0.0.0', adminToken: TOKEN });
    for (let i = 0; i < 30; i += 1) expect((await fetch(new URL('/api/summary', t.app.adminUrl))).status).toBe(401);
    expect((await viaBearer(t.app.adminUrl, TOKEN)).status).toBe(200);
  });
});

test('on loopback (the default) wrong tokens are refused one by one, as always', async () => {
  t = await startHarness({ adminToken: TOKEN });
  for (let i = 0; i < 30; i += 1) expect((await ways[i % ways.length]!(t.app.adminUrl, `guess-${i}`)).status).toBe(401);
  expect((await viaBearer(t.app.adminUrl, TOKEN)).status).toBe(200);
});
