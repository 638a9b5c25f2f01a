// The request signature every StarRTC server sends: sign = base64(HMAC-SHA1(key, message = the
// exact `data` JSON)). With aecurl set, 2.9.6 signs with the factory key "12345678" (measured on
// every real request), so a wrong sign means a caller that is not a StarRTC server. A missing
// sign is accepted (tools, old builds) unless the operator requires one; a guard token replaces
// the factory key for servers built to sign with another.

import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export const FACTORY_SIGN_KEY = '12345678';

export type SignCheck = { ok: true; signed: boolean } | { ok: false; reason: string };

export interface SignPolicy {
  /** The operator's guard token; null or empty = the factory key. */
  guardToken: string | null;
  /** Refuse requests without a sign. */
  required: boolean;
}

export function computeSign(data: string, key: string = FACTORY_SIGN_KEY): string {
  return createHmac('sha1', secretKeyOf(key)).update(data, 'utf8').digest('base64');
}

/** The last key used, made a KeyObject once: a string key is prepared again on every HMAC. */
let lastKey: { text: string; secret: KeyObject } | null = null;

function secretKeyOf(key: string): KeyObject {
  if (lastKey?.text !== key) lastKey = { text: key, secret: createSecretKey(Buffer.from(key, 'utf8')) };
  return lastKey.secret;
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

/**
 * Constant time in the content. A length that differs says only that the sign is not a base64
 * SHA-1 (always 28 characters, which everyone knows), so it may end the comparison at once.
 */
function sameTextIgnoringCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= asciiLower(a.charCodeAt(i)) ^ asciiLower(b.charCodeAt(i));
  return difference === 0;
}

/** A-Z to a-z, branch-free; every other code unit unchanged. */
function asciiLower(code: number): number {
  const isUpper = ((code - 65) >>> 0) < 26 ? 1 : 0;
  return code | (isUpper << 5);
}
