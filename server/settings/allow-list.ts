import { BlockList, isIP } from 'node:net';

/** A bad `--allow-from` entry, said plainly at start-up or as a settings error. */
export class AllowListError extends Error {}

export interface AllowList {
  /** True when no list is set, or the address is inside one of its ranges. */
  allows(address: string): boolean;
  readonly ranges: string[];
}

/** Parses `--allow-from` (CIDRs or single addresses, IPv4 or IPv6). A bad entry is an error. */
export function parseAllowList(ranges: string[]): AllowList {
  const list = new BlockList();
  for (const range of ranges) {
    const parts = range.split('/');
    if (parts.length > 2) throw new AllowListError(`--allow-from: "${range}" is not an IP address or CIDR range`);
    const [address = '', prefixText] = parts;
    const family = isIP(address);
    if (family === 0) throw new AllowListError(`--allow-from: "${range}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw new AllowListError(`--allow-from: "${range}" has an invalid prefix length`);
    }
    list.addSubnet(address, prefix, type);
  }
  return {
    ranges: [...ranges],
    allows(address: string): boolean {
      if (ranges.length === 0) return true;
      // IPv4 clients of a dual-stack socket arrive as ::ffff:a.b.c.d.
      const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
      const family = isIP(plain);
      if (family === 0) return false;
      return list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
