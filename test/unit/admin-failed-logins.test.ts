import { describe, expect, test } from 'vitest';
import { addressKey, FailedLogins } from '../../server/http/admin/failed-logins';

const policy = { maxGuesses: 3, windowMs: 60_000, lockMs: 300_000, maxAddresses: 100 };

describe('failed logins', () => {
  test('locks an address out after the distinct wrong tokens of the policy, for the lock time', () => {
    const logins = new FailedLogins(policy);
    expect(logins.failed('10.0.0.7', 'a', 0)).toBe(0);
    expect(logins.failed('10.0.0.7', 'b', 1)).toBe(0);
    expect(logins.failed('10.0.0.7', 'c', 2)).toBe(300_000);
    expect(logins.lockedForMs('10.0.0.7', 100_002)).toBe(200_000);
    expect(logins.lockedForMs('10.0.0.8', 100_002)).toBe(0);
    expect(logins.lockedForMs('10.0.0.7', 300_002)).toBe(0);
    // After the lock, a fresh count.
    expect(logins.failed('10.0.0.7', 'd', 300_003)).toBe(0);
  });

  test('the same wrong token again (a stale cookie) is one mistake', () => {
    const logins = new FailedLogins(policy);
    for (let i = 0; i < 50; i += 1) expect(logins.failed('10.0.0.7', 'stale', i)).toBe(0);
  });

  test('mistakes spread wider than the window do not add up', () => {
    const logins = new FailedLogins(policy);
    logins.failed('10.0.0.7', 'a', 0);
    logins.failed('10.0.0.7', 'b', 1);
    expect(logins.failed('10.0.0.7', 'c', 60_001)).toBe(0);
  });

  test('remembers a bounded number of addresses', () => {
    const logins = new FailedLogins({ ...policy, maxGuesses: 1 });
    for (let i = 0; i < 150; i += 1) logins.failed(`10.0.${Math.floor(i / 256)}.${i % 256}`, 'x', 0);
    expect(logins.lockedForMs('10.0.0.0', 1)).toBe(0); // forgotten
    expect(logins.lockedForMs('10.0.0.149', 1)).toBeGreaterThan(0);
  });
});

describe('address key', () => {
  test('IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(addressKey('192.168.1.7')).toBe('192.168.1.7');
    expect(addressKey('::ffff:192.168.1.7')).toBe('192.168.1.7');
    expect(addressKey('2001:db8:0:12::1')).toBe('2001:db8:0:12::/64');
    expect(addressKey('2001:0db8:0000:0012:abcd:1:2:3')).toBe('2001:db8:0:12::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
