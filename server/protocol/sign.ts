// The hosted-cloud era's request signature: sign = base64(HMAC-SHA1(key = guardToken,
// message = the exact data string)), compared case-insensitively (as the reference receivers
// did). Self-hosted media servers send no sign, so it is checked only when the operator set
// a guard token.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignCheck = { ok: true } | { ok: false; reason: string };

export function computeSign(data: string, guardToken: string): string {
  return createHmac('sha1', guardToken).update(data, 'utf8').digest('base64');
}

/** An empty guard token counts as none configured. */
export function verifySign(data: string, sign: string | undefined, guardToken: string | undefined): SignCheck {
  if (guardToken === undefined || guardToken === '') return { ok: true };
  if (sign === undefined || sign.trim() === '') return { ok: false, reason: 'sign is missing (a guard token is configured)' };
  const expected = computeSign(data, guardToken);
  // A base64 "+" sent unencoded in a query string arrives as a space.
  const given = sign.trim().replace(/ /g, '+');
  if (!sameTextIgnoringCase(given, expected)) return { ok: false, reason: 'sign does not match data and the guard token' };
  return { ok: true };
}

/** Constant time in the content; digests make the lengths equal so nothing leaks through them. */
function sameTextIgnoringCase(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a.toLowerCase(), 'utf8').digest();
  const digestB = createHash('sha256').update(b.toLowerCase(), 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
