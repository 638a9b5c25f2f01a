// The request signature every StarRTC server sends: sign = base64(HMAC-SHA1(key, message = the
// exact `data` JSON)). With aecurl set, 2.9.6 signs with the factory key "12345678" (measured on
// every real request), so a wrong sign means a caller that is not a StarRTC server. A missing
// sign is accepted (tools, old builds) unless the operator requires one; a guard token replaces
// the factory key for servers built to sign with another.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const FACTORY_SIGN_KEY = '12345678';

export type SignCheck = { ok: true; signed: boolean } | { ok: false; reason: string };

export interface SignPolicy {
  /** The operator's guard token; null or empty = the factory key. */
  guardToken: string | null;
  /** Refuse requests without a sign. */
  required: boolean;
}

export function computeSign(data: string, key: string = FACTORY_SIGN_KEY): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

export function verifySign(data: string, sign: string | undefined, policy: SignPolicy): SignCheck {
  const custom = policy.guardToken !== null && policy.guardToken !== '';
  const key = custom ? policy.guardToken! : FACTORY_SIGN_KEY;
  if (sign === undefined || sign.trim() === '') {
    return policy.required ? { ok: false, reason: 'sign is missing (signed requests are required: --require-sign)' } : { ok: true, signed: false };
  }
  // A base64 "+" sent unencoded in a query string arrives as a space.
  const given = sign.trim().replace(/ /g, '+');
  if (!sameTextIgnoringCase(given, computeSign(data, key))) {
    const which = custom ? 'the guard token' : `the factory key ${FACTORY_SIGN_KEY}`;
    return { ok: false, reason: `not signed by a StarRTC server: sign does not match data and ${which}` };
  }
  return { ok: true, signed: true };
}

/** Constant time in the content; digests make the lengths equal so nothing leaks through them. */
function sameTextIgnoringCase(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a.toLowerCase(), 'utf8').digest();
  const digestB = createHash('sha256').update(b.toLowerCase(), 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
