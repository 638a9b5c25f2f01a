// The audit log's files: naming, listing, and reading one file for its newest matching entries.
// A day has one or more gzip files, `YYYY-MM-DD.ndjson.gz` then `YYYY-MM-DD.1.ndjson.gz`, ...
// (a new one per start of the program and per size step); a folder from the first version may
// also hold a plain `YYYY-MM-DD.ndjson`, older than that day's gzip files.

import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { constants, createGunzip } from 'node:zlib';
import type { AuditEntry } from '../../contract';
import { AuditDecoder } from './audit-codec';

/** The audit log's folder inside the data folder. */
export const AUDIT_DIR = 'audit';

const FILE_NAME = /^(\d{4}-\d{2}-\d{2})(?:\.(\d{1,6}))?\.ndjson(\.gz)?$/;

export interface AuditFile {
  day: string;
  /** Order within the day: -1 for a plain file of the first version, then 0, 1, 2... */
  part: number;
  path: string;
}

/** UTC day `YYYY-MM-DD` of an epoch-ms time. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function auditFileName(day: string, part: number): string {
  return part === 0 ? `${day}.ndjson.gz` : `${day}.${part}.ndjson.gz`;
}

/** Every audit file, oldest first. */
export async function listAuditFiles(dir: string): Promise<AuditFile[]> {
  const files: AuditFile[] = [];
  for (const name of await readdir(dir)) {
    const match = FILE_NAME.exec(name);
    if (!match?.[1]) continue;
    const gzip = match[3] !== undefined;
    // A numbered plain file was never written by this program.
    if (!gzip && match[2] !== undefined) continue;
    files.push({ day: match[1], part: gzip ? Number(match[2] ?? 0) : -1, path: path.join(dir, name) });
  }
  return files.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.part - b.part));
}

/** Calls `onLine` with every complete line of a file, in order. */
async function eachLine(file: string, onLine: (line: string) => void): Promise<void> {
  const source = createReadStream(file);
  // A file cut short by a crash decompresses up to the last complete batch, without an error.
  const input = file.endsWith('.gz') ? source.pipe(createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })) : source;
  if (input !== source) source.on('error', (err) => input.destroy(err));
  let carry: Buffer | null = null;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      // Split bytes, not text, so a UTF-8 character across chunks stays whole.
      const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
        if (nl > start) onLine(data.toString('utf8', start, nl));
        start = nl + 1;
      }
      carry = start < data.length ? Buffer.from(data.subarray(start)) : null;
    }
  } catch {
    // Gone (pruned meanwhile) or damaged past some point: what was read before stands.
  } finally {
    source.destroy();
    if (input !== source) input.destroy();
  }
  // An unfinished last line is the tail of a batch a crash cut short: dropped.
}

export interface FileScan {
  /** The newest entries that passed `accept`, newest first, at most `keep` of them. */
  newest: AuditEntry[];
  /** How many entries passed `accept` in the whole file. */
  matched: number;
}

/**
 * Reads a whole file and keeps only its newest `keep` entries that pass `accept`. Lines that lack
 * one of `hints` cannot pass and are not parsed.
 */
export async function scanFile(
  file: string,
  keep: number,
  accept: (e: AuditEntry) => boolean,
  hints: readonly string[] = [],
): Promise<FileScan> {
  const decoder = new AuditDecoder();
  const ring: AuditEntry[] = [];
  let matched = 0;
  await eachLine(file, (line) => {
    for (const hint of hints) {
      if (!line.includes(hint)) {
        decoder.skip(line);
        return;
      }
    }
    const entry = decoder.line(line);
    if (!entry || !accept(entry)) return;
    if (keep > 0) ring[matched % keep] = entry;
    matched++;
  });
  const newest: AuditEntry[] = [];
  for (let i = matched - 1; i >= Math.max(0, matched - keep); i--) newest.push(ring[i % keep]!);
  return { newest, matched };
}
