// Ids in the shapes the media server uses: 16-character channel and room ids drawn from
// [A-Za-z0-9@_-] (one server hands out ids sharing a prefix, as in the public samples),
// numeric user ids and numeric group ids.

import type { Prng } from './prng';

export const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@_-';
export const ID_LENGTH = 16;
export const ID_PATTERN = /^[A-Za-z0-9@_-]{16}$/;

function randomChars(prng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ID_ALPHABET[prng.int(0, ID_ALPHABET.length - 1)];
  return out;
}

export class IdMint {
  private readonly channelPrefix: string;
  private readonly roomPrefix: string;
  private readonly used = new Set<string>();
  private nextGroupId: number;

  constructor(private readonly prng: Prng) {
    // A liveSrcServer's channel ids share their first 8 characters; chat room ids their first 3.
    this.channelPrefix = randomChars(prng, 8);
    this.roomPrefix = randomChars(prng, 3);
    this.nextGroupId = prng.int(100_000, 900_000);
  }

  channelId(): string {
    return this.unique(this.channelPrefix);
  }

  roomId(): string {
    return this.unique(this.roomPrefix);
  }

  /** Numeric, as handed out by the business server's AEC_GROUP_CREATE. */
  groupId(): string {
    this.nextGroupId += this.prng.int(1, 40);
    return String(this.nextGroupId);
  }

  private unique(prefix: string): string {
    for (;;) {
      const id = prefix + randomChars(this.prng, ID_LENGTH - prefix.length);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** Numeric user ids: `count` distinct six-digit ids starting near `base`. */
export function userIdPool(prng: Prng, base: number, count: number): string[] {
  const ids: string[] = [];
  let next = base + prng.int(0, 999);
  for (let i = 0; i < count; i++) {
    next += prng.int(1, 17);
    ids.push(String(next));
  }
  return ids;
}
