// A snapshot ends with the SHA-256 of every byte before it: `...,"sha256":"<64 hex>"}`. The
// older generation (state.prev.json) is then checked at start by hashing it in the background
// instead of parsing it (at 100,000 sessions and a day of history, a third of a second of
// JSON.parse and its garbage before /healthz), and a damaged one is still found, and moved
// aside, before a save could replace it. A file without the trailer (older versions) is parsed.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

const TRAILER = /^,"sha256":"([0-9a-f]{64})"\}$/;
export const TRAILER_BYTES = ',"sha256":"'.length + 64 + '"}'.length;
const READ_CHUNK = 256 * 1024;

/**
 * The UTF-8 pieces of an envelope whose closing brace is left out, then the trailer that closes
 * it. The same bytes are hashed and written: no second encoding, and no joined text in the
 * JavaScript heap for the collector to move.
 */
export function* withChecksum(pieces: Iterable<Buffer>): Generator<Buffer> {
  const hash = createHash('sha256');
  for (const bytes of pieces) {
    hash.update(bytes);
    yield bytes;
  }
  yield Buffer.from(`,"sha256":"${hash.digest('hex')}"}`, 'latin1');
}

/** True when the bytes end with a checksum trailer (not whether it matches). */
export function hasChecksumTrailer(bytes: Buffer): boolean {
  return bytes.length >= TRAILER_BYTES && TRAILER.test(bytes.toString('latin1', bytes.length - TRAILER_BYTES));
}

/** `absent`: the file has no trailer (written by an older version), so only parsing can check it. */
export type ChecksumVerdict = 'matches' | 'differs' | 'absent';

/** Hashes the file a chunk at a time (the event loop runs in between). Throws what reading throws. */
export async function verifyChecksum(file: string): Promise<ChecksumVerdict> {
  const handle = await open(file, 'r');
  let size: number;
  let expected: string | undefined;
  try {
    size = (await handle.stat()).size;
    if (size < TRAILER_BYTES) return 'absent';
    const tail = Buffer.alloc(TRAILER_BYTES);
    await handle.read(tail, 0, TRAILER_BYTES, size - TRAILER_BYTES);
    expected = TRAILER.exec(tail.toString('latin1'))?.[1];
  } finally {
    await handle.close();
  }
  if (expected === undefined) return 'absent';
  const hash = createHash('sha256');
  const body = size - TRAILER_BYTES;
  if (body > 0) {
    for await (const chunk of createReadStream(file, { start: 0, end: body - 1, highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex') === expected ? 'matches' : 'differs';
}
