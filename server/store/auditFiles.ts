// The audit log's daily files: naming, listing, reading newest-first, repairing a torn tail.

import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry } from '../http/api-types';
import { isRecord } from './types';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;
const CHUNK = 64 * 1024;

/** UTC day `YYYY-MM-DD` of an epoch-ms time. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Days that have a file, oldest first. */
export async function listDays(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  const days: string[] = [];
  for (const name of names) {
    const match = DAY_FILE.exec(name);
    if (match?.[1]) days.push(match[1]);
  }
  return days.sort();
}

export function dayFile(dir: string, day: string): string {
  return path.join(dir, `${day}.ndjson`);
}

/** Lines of a file from the last to the first, read in chunks so a big file costs little. */
export async function* linesBackward(file: string): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  try {
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(CHUNK, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, position);
      // Work on bytes, so a UTF-8 character split across chunks stays whole.
      const data = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] !== 0x0a) continue;
        if (end > i + 1) yield data.subarray(i + 1, end).toString('utf8');
        end = i;
      }
      carry = Buffer.from(data.subarray(0, end));
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } finally {
    await handle.close();
  }
}

export function parseEntry(line: string): AuditEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.id !== 'number' || typeof value.at !== 'number' || typeof value.action !== 'string') {
    return null;
  }
  // Written by this program from typed entries; id/at/action checked for paging and filters.
  return value as unknown as AuditEntry;
}

/** A crash mid-append leaves a partial last line; cut it so the next append starts clean. */
export async function cutTornTail(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const size = (await handle.stat()).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return;
    let position = size;
    while (position > 0) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      const newline = chunk.lastIndexOf(0x0a);
      if (newline >= 0) {
        await handle.truncate(position + newline + 1);
        return;
      }
    }
    await handle.truncate(0);
  } finally {
    await handle.close();
  }
}
