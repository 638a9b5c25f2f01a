// Forward mode: what the studio's eventCenter answered, read leniently so that we can learn from
// it (aec-media-server-2.9.6.md §11.2): numeric or string status, PHP notices before the JSON,
// numbers in data, whitespace. What goes back to the media server is decided elsewhere
// (upstream-wire.ts); this only reads.

import { isPlainObject } from './is-object';

export type UpstreamData = string | Readonly<Record<string, string>> | null;

export type UpstreamReading =
  | { readable: true; allowed: boolean; data: UpstreamData; /** data was a JSON number (PHP's 10001, or 2 for a push mode). */ numericData: boolean }
  | { readable: false; why: string };

const MAX_CANDIDATES = 8;

export function readUpstreamReply(body: string): UpstreamReading {
  const parsed = firstJsonObject(body);
  if (!parsed) return { readable: false, why: `not a JSON reply: ${replyPreview(body)}` };
  const status = statusOf(parsed.status);
  if (status === undefined) return { readable: false, why: `no status 0 or 1 in ${replyPreview(body)}` };
  const raw = parsed.data;
  return { readable: true, allowed: status, data: dataOf(raw), numericData: typeof raw === 'number' };
}

/** PHP prints notices before its JSON: the first `{` from which a JSON object parses. */
function firstJsonObject(body: string): Record<string, unknown> | undefined {
  const end = body.lastIndexOf('}');
  let from = body.indexOf('{');
  for (let tries = 0; from >= 0 && from < end && tries < MAX_CANDIDATES; tries += 1) {
    try {
      const value: unknown = JSON.parse(body.slice(from, end + 1));
      if (isPlainObject(value) && 'status' in value) return value;
    } catch {
      // Not from here: try the next brace.
    }
    from = body.indexOf('{', from + 1);
  }
  return undefined;
}

function statusOf(value: unknown): boolean | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text) !== 0;
}

function dataOf(value: unknown): UpstreamData {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isPlainObject(value)) {
    const flat: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) flat[key] = typeof item === 'string' ? item : item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item);
    return flat;
  }
  return JSON.stringify(value);
}

/** An eventCenter reply on one line and shortened, for reasons and the audit log. */
export function replyPreview(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
