// Counts wrong admin tokens per client address and locks an address out after too many, so a
// dashboard bound to the LAN cannot be guessed at. What counts is distinct wrong tokens: a
// browser that keeps sending one stale cookie after a token rotation is one mistake, not a
// siege, and its user can still sign in with the new token.

import { createHash } from 'node:crypto';

export interface LockoutPolicy {
  /** Distinct wrong tokens from one address within `windowMs` that lock it out. */
  maxGuesses: number;
  windowMs: number;
  lockMs: number;
  /** Addresses remembered at most; the oldest are forgotten first. */
  maxAddresses: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxGuesses: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxAddresses: 10_000 };

interface Record {
  firstAt: number;
  guesses: Set<string>;
  lockedUntil: number;
}

export class FailedLogins {
  private readonly byAddress = new Map<string, Record>();

  constructor(private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT) {}

  /** Milliseconds the address stays locked out; 0 when it may try. */
  lockedForMs(address: string, now: number): number {
    const record = this.current(addressKey(address), now);
    return record === undefined ? 0 : Math.max(0, record.lockedUntil - now);
  }

  /** Records a wrong token; returns how long the address is now locked out (0: not yet). */
  failed(address: string, credential: string, now: number): number {
    const key = addressKey(address);
    let record = this.current(key, now);
    if (record === undefined) {
      record = { firstAt: now, guesses: new Set(), lockedUntil: 0 };
      this.byAddress.set(key, record);
      this.forgetOldest();
    }
    if (record.lockedUntil > now) return record.lockedUntil - now;
    record.guesses.add(createHash('sha256').update(credential).digest('base64url').slice(0, 16));
    if (record.guesses.size >= this.policy.maxGuesses) record.lockedUntil = now + this.policy.lockMs;
    return Math.max(0, record.lockedUntil - now);
  }

  /** The address's record while it still matters: inside its window, or still locked. */
  private current(key: string, now: number): Record | undefined {
    const record = this.byAddress.get(key);
    if (record === undefined) return undefined;
    const lockOver = record.lockedUntil !== 0 && record.lockedUntil <= now;
    const windowOver = record.lockedUntil === 0 && now - record.firstAt >= this.policy.windowMs;
    if (lockOver || windowOver) {
      this.byAddress.delete(key);
      return undefined;
    }
    return record;
  }

  private forgetOldest(): void {
    for (const key of this.byAddress.keys()) {
      if (this.byAddress.size <= this.policy.maxAddresses) return;
      this.byAddress.delete(key);
    }
  }
}

/**
 * One key per client: an IPv4 address as is (IPv4-mapped IPv6 included), an IPv6 address by its
 * /64 prefix, since one machine may hold a whole /64 and change addresses at will.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
