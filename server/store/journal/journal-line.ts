// One journal record as its NDJSON line. At scale nearly every record is one viewer's
// once-a-minute report: its line is written straight from its fields, the very text
// JSON.stringify makes of it (test/unit/journal-line.test.ts holds the two equal), without
// JSON.stringify walking the record, its array and its change generically. Any other record,
// or a report with a field it does not expect, is written by JSON.stringify.

import type { JournalRecord } from '../types';

/** Printable ASCII but `"` and `\`: JSON.stringify writes such a string between quotes as it is. */
const PLAIN_TEXT = /^[\u0020\u0021\u0023-\u005b\u005d-\u007e]*$/;

/** The keys of a viewer report in the order the domain writes them (decide-viewer.ts). */
const REPORT_KEYS = ['op', 'channelId', 'userId', 'at', 'bytes', 'counted', 'ts'] as const;

export function journalLine(record: JournalRecord): string {
  return viewerReportLine(record) ?? `${JSON.stringify(record)}\n`;
}

/** The line of a record holding one viewer report, or null when the generic encoder must write it. */
function viewerReportLine(record: JournalRecord): string | null {
  const { seq, at, changes } = record;
  if (changes.length !== 1) return null;
  const change = changes[0]!;
  if (change.op !== 'viewerReport' || !hasReportKeys(change)) return null;
  const { channelId, userId, bytes, counted, ts } = change;
  if (!plainText(channelId) || !plainText(userId) || typeof counted !== 'boolean') return null;
  if (!finite(seq) || !finite(at) || !finite(change.at) || !finite(bytes) || (ts !== undefined && !finite(ts))) return null;
  const tail = ts === undefined ? '' : `,"ts":${ts}`;
  return `{"seq":${seq},"at":${at},"changes":[{"op":"viewerReport","channelId":"${channelId}","userId":"${userId}","at":${change.at},"bytes":${bytes},"counted":${counted}${tail}}]}\n`;
}

/** Exactly the keys JSON.stringify would write, in that order (`ts` may be left out). */
function hasReportKeys(change: object): boolean {
  const keys = Object.keys(change);
  if (keys.length !== REPORT_KEYS.length && keys.length !== REPORT_KEYS.length - 1) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== REPORT_KEYS[i]) return false;
  // A `ts` key holding undefined is left out by JSON.stringify: let it write that one.
  return keys.length === REPORT_KEYS.length - 1 || (change as { ts?: unknown }).ts !== undefined;
}

/** A string JSON.stringify writes between quotes unchanged. */
function plainText(value: unknown): value is string {
  return typeof value === 'string' && PLAIN_TEXT.test(value);
}

/** A number JSON.stringify writes as String(n) does (not NaN, not an infinity). */
function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
