// Forward mode: the bytes that go back to the media server for an eventCenter's reply. By default
// they are the eventCenter's own, verbatim (the studio already lives with its quirks). Two
// exceptions (aec-media-server-2.9.6.md §0.3, §11.1):
// - a "0" whose string index lies outside the 2.9.6 error table is ALWAYS rewritten: measured,
//   "10001" crashed liveSrcServer;
// - with "normalise replies" on, what 2.9.6 cannot read (numeric status or data, whitespace, a
//   snapshot without groupList) is rewritten into what it can. A numeric 10001 is never turned
//   into the string "10001": an index outside the table becomes a safe one.

import { DenyCode, factsOf, MEDIA_SERVER_ERROR_NAMES, wireIndexFor, type ActionFamily } from '../contract';
import { readMediaServerReply } from './media-server-reply';
import { consumerProblem } from './reply-consumers';
import { formatDeny, wireBody, wireText, type WireReply } from './reply';
import type { UpstreamData, UpstreamReading } from './upstream-reply';

export interface UpstreamWire {
  /** What the media server is sent. */
  body: string;
  /** What was rewritten and why, when the body is not the eventCenter's. */
  rewrite: string | null;
  /** Why 2.9.6 cannot use the body that went out (sent as it was: normalising is off or could not help). */
  unreadable: string | null;
  /** The eventCenter's reply would have crashed the media server. */
  dangerous: boolean;
}

export function wireForUpstream(body: string, reading: Extract<UpstreamReading, { readable: true }>, action: string, normalise: boolean): UpstreamWire {
  const family: ActionFamily | 'unknown' = factsOf(action)?.family ?? 'unknown';
  const strict = readMediaServerReply(body);
  if (strict.kind === 'crash') {
    const safe = formatDeny(DenyCode.upstreamDenied, family);
    return {
      body: wireBody(safe),
      rewrite: `error index ${strict.index} is outside the 2.9.6 table (0–${MEDIA_SERVER_ERROR_NAMES.length - 1}; measured, it crashes liveSrcServer): sent ${safe.data} instead`,
      unreadable: null,
      dangerous: true,
    };
  }
  const problem = strict.kind === 'parseError' ? strict.why : strict.kind === 'success' ? consumerProblem(action, strict.data) : null;
  if (problem === null) return { body, rewrite: null, unreadable: null, dangerous: false };
  if (!normalise) return { body, rewrite: null, unreadable: problem, dangerous: false };
  const fixed = canonicalReply(reading, action, family);
  const fixedBody = wireBody(fixed);
  const check = readMediaServerReply(fixedBody);
  const stillWrong = check.kind === 'success' ? consumerProblem(action, check.data) : check.kind === 'failure' ? null : 'not readable either way';
  if (stillWrong !== null) return { body, rewrite: null, unreadable: `${problem} (normalising cannot help: ${stillWrong})`, dangerous: false };
  return { body: fixedBody, rewrite: `${problem}: rewritten as ${fixedBody.length > 200 ? `${fixedBody.slice(0, 200)}…` : fixedBody}`, unreadable: null, dangerous: false };
}

function canonicalReply(reading: Extract<UpstreamReading, { readable: true }>, action: string, family: ActionFamily | 'unknown'): WireReply {
  if (!reading.allowed) return { status: '0', data: safeIndex(reading.data, family) };
  const data = reading.data;
  if (factsOf(action)?.syncAll) {
    // The reference omits groupList when a group is empty; 2.9.6 then rejects the whole snapshot.
    const object = typeof data === 'object' && data !== null ? data : {};
    return { status: '1', data: flat({ groupList: '', ...object }) };
  }
  if (data === null) return { status: '1', data: '' };
  return { status: '1', data: typeof data === 'string' ? wireText(data) : flat(data) };
}

/** An index of the table as the eventCenter meant it, or the safe one for "the eventCenter said no". */
function safeIndex(data: UpstreamData, family: ActionFamily | 'unknown'): string {
  const index = typeof data === 'string' && /^\d+$/.test(data.trim()) ? Number(data.trim()) : Number.NaN;
  if (Number.isInteger(index) && index >= 0 && index < MEDIA_SERVER_ERROR_NAMES.length) return String(index);
  return String(wireIndexFor(DenyCode.upstreamDenied, family));
}

function flat(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [wireText(key), wireText(value)]));
}
