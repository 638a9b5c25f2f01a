// Reading journal segments back on start, repairing a line torn by a crash.

import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Change } from '../../domain/changes';
import type { JournalRecord, StoreProblem } from '../types';
import { isRecord } from '../types';

const SEGMENT_NAME = /^(\d{1,16})\.ndjson$/;

/** The journal's folder inside the data folder. */
export const JOURNAL_DIR = 'journal';

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.ndjson`;
}

export interface SegmentFile {
  /** No record in this segment has a smaller seq; every record in earlier ones has. */
  firstSeq: number;
  file: string;
  bytes: number;
}

/** Segment files of a journal folder, oldest first. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const names = await readdir(dir);
  const segments: SegmentFile[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    if (match?.[1]) segments.push({ firstSeq: Number(match[1]), file: path.join(dir, name), bytes: 0 });
  }
  return segments.sort((a, b) => a.firstSeq - b.firstSeq);
}

function parseRecord(line: string): JournalRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { seq, at, changes } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) return null;
  if (typeof at !== 'number' || !Array.isArray(changes)) return null;
  // Changes were written by this program from typed values; the domain re-validates on apply.
  return { seq, at, changes: changes as Change[] };
}

export interface ReadResult {
  /** Records with seq above `afterSeq`, in seq order, each once. */
  records: JournalRecord[];
  /** Smallest seq found at all, or null for an empty journal. */
  firstSeq: number | null;
  lastSeq: number;
  problems: StoreProblem[];
}

/**
 * Reads every segment in order. A torn last line of the last segment (the process died
 * mid-write, so that record was never acknowledged) and the unused room after its records are
 * cut off so new appends start clean.
 * Anything else unreadable is skipped and reported. A segment the snapshot wholly covers (the
 * next one starts at or below `afterSeq + 1`) is not read: it is kept only for the older
 * snapshot, and parsing it cost a restart a quarter of a second at 100,000 records.
 */
export async function readSegments(segments: SegmentFile[], afterSeq: number, now: number): Promise<ReadResult> {
  const result: ReadResult = { records: [], firstSeq: null, lastSeq: 0, problems: [] };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const isLast = i === segments.length - 1;
    const next = segments[i + 1];
    if (next !== undefined && next.firstSeq - 1 <= afterSeq) {
      segment.bytes = (await stat(segment.file)).size;
      result.firstSeq ??= segment.firstSeq;
      continue;
    }
    const buf = await readFile(segment.file);
    let end = dataEnd(buf);
    if (end > 0 && buf[end - 1] !== 0x0a && isLast) end = buf.lastIndexOf(0x0a, end - 1) + 1;
    if (end < buf.length && isLast) await truncateFile(segment.file, end);
    segment.bytes = end;
    const lines = buf.subarray(0, end).toString('utf8').split('\n');
    const bad: number[] = [];
    let duplicates = 0;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const record = parseRecord(line);
      if (!record) {
        bad.push(index + 1);
        return;
      }
      if (record.seq <= result.lastSeq) {
        duplicates++;
        return;
      }
      result.lastSeq = record.seq;
      result.firstSeq ??= record.seq;
      if (record.seq > afterSeq) result.records.push(record);
    });
    const name = path.join(JOURNAL_DIR, path.basename(segment.file));
    if (bad.length > 0) {
      const shown = bad.slice(0, 10).join(', ') + (bad.length > 10 ? ', …' : '');
      result.problems.push({
        at: now,
        message: `Journal file ${name}: skipped ${bad.length} unreadable line(s) (line ${shown}). The changes on those lines are lost; everything else was replayed.`,
      });
    }
    if (duplicates > 0) {
      result.problems.push({
        at: now,
        message: `Journal file ${name}: ignored ${duplicates} record(s) whose sequence number was already seen.`,
      });
    }
  }
  return result;
}

/**
 * Where a segment's bytes end: before the zeros at its end, the room kept ahead of the writes
 * (segment-room.ts). A record never holds a zero byte (JSON escapes it), so zeros before a
 * record are damage, reported like any unreadable line.
 */
function dataEnd(buf: Buffer): number {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  return end;
}

async function truncateFile(file: string, size: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(size);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
