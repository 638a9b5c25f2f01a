// How a StarRTC 2.9.6 server program reads the business server's reply (aec-media-server-2.9.6.md
// §1.2), step by step as its hand-written parser does. The simulator obeys what this returns and
// the tests, and forward mode, run every reply shape through it: whatever this parser rejects, the real server does.

import { MEDIA_SERVER_ERROR_NAMES } from '../contract';

/** The error the media server reports when it cannot parse a reply. */
export const PARSE_ERROR_INDEX = 34;
/** The error for a "0" without data. */
export const NO_DATA_INDEX = 32;

export type MediaServerReading =
  /** status != 0: the action's success path gets `data` (null when absent or ""). */
  | { kind: 'success'; data: string | Record<string, string> | null }
  /** status "0": the client is shown the NAME at this index of the error table. */
  | { kind: 'failure'; index: number; name: string }
  /** The reply could not be parsed: the action fails with error 34. */
  | { kind: 'parseError'; why: string }
  /** A "0" whose index lies outside the table: measured, this crashed liveSrcServer. */
  | { kind: 'crash'; index: number; why: string };

/** C's strtol in base 10: leading blanks, an optional sign, then as many digits as there are. */
function strtol(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1]!, 10) : 0;
}

export function readMediaServerReply(body: string): MediaServerReading {
  if (Buffer.byteLength(body) <= 13) return { kind: 'parseError', why: 'reply of 13 bytes or less' };
  // Any prefix is skipped (a PHP notice before the JSON still parses).
  const statusAt = body.indexOf('status"');
  if (statusAt < 0) return { kind: 'parseError', why: 'no `status"` in the reply' };
  let pos = statusAt + 'status"'.length;
  if (!body.startsWith(':"', pos)) return { kind: 'parseError', why: 'status is not `"status":"…"` (a number, or whitespace after the colon)' };
  pos += 2;
  const statusEnd = body.indexOf('"', pos);
  if (statusEnd < 0) return { kind: 'parseError', why: 'status value not closed' };
  const statusText = body.slice(pos, statusEnd);
  const success = strtol(statusText) !== 0;
  if (!success && statusText !== '0') return { kind: 'parseError', why: `status "${statusText}" is neither a number other than 0 nor exactly "0"` };
  const data = readData(body, statusEnd + 1);
  if (data.kind === 'parseError') return data;
  if (success) return { kind: 'success', data: data.value };
  if (data.value === null) return { kind: 'failure', index: NO_DATA_INDEX, name: MEDIA_SERVER_ERROR_NAMES[NO_DATA_INDEX] };
  if (typeof data.value !== 'string') return { kind: 'parseError', why: 'a "0" whose data is an object' };
  const index = strtol(data.value);
  const name = index >= 0 ? MEDIA_SERVER_ERROR_NAMES[index] : undefined;
  if (name === undefined) return { kind: 'crash', index, why: `error index ${index} is outside the table (0–${MEDIA_SERVER_ERROR_NAMES.length - 1})` };
  return { kind: 'failure', index, name };
}

function readData(
  body: string,
  from: number,
): { kind: 'value'; value: string | Record<string, string> | null } | { kind: 'parseError'; why: string } {
  const at = body.indexOf('data"', from);
  if (at < 0) return { kind: 'value', value: null };
  const pos = at + 'data"'.length;
  if (body.startsWith(':"', pos)) {
    // Up to the next quote: no escapes are understood.
    const end = body.indexOf('"', pos + 2);
    if (end < 0) return { kind: 'parseError', why: 'data string not closed' };
    const text = body.slice(pos + 2, end);
    return { kind: 'value', value: text === '' ? null : text };
  }
  if (body.startsWith(':{', pos)) {
    // Up to the FIRST closing brace: only a flat object survives.
    const end = body.indexOf('}', pos + 1);
    if (end < 0) return { kind: 'parseError', why: 'data object not closed' };
    return flatObject(body.slice(pos + 1, end + 1));
  }
  return { kind: 'parseError', why: 'data is neither `"data":"…"` nor `"data":{…}` (a number, array, true, null, or whitespace)' };
}

function flatObject(text: string): { kind: 'value'; value: Record<string, string> } | { kind: 'parseError'; why: string } {
  if (text.includes('\\')) return { kind: 'parseError', why: `data object ${text} holds an escape, which the parser reads literally` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'parseError', why: `data object ${text} is not a flat JSON object` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'parseError', why: 'data is not an object' };
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') return { kind: 'parseError', why: `data.${key} is not a string` };
  }
  return { kind: 'value', value: parsed as Record<string, string> };
}
