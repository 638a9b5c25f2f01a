// Members of a snapshot read after start instead of before it. The file stays one plain JSON
// document; the writer notes where each deferred member's text lies, in bytes, in a `deferred`
// member just before the checksum trailer (`,"deferred":{"data/history":[start,end]}`). A reader
// parses the rest with those members as null and keeps their bytes, unparsed, as JsonText.
// Readers that do not know about it (older versions) parse the whole file as before.

import { JsonText } from '../json-text';

/** Marks, among the text's pieces, where a deferred member's value begins or ends. */
export interface DeferredMark {
  deferred: 'start' | 'end';
  /** Where the value sits, as member names from the top: `data/history`. */
  path: string;
}

export type SnapshotPiece = string | DeferredMark;

const MEMBER = ',"deferred":';
/** How far before the checksum trailer the `deferred` member is looked for. */
const SEARCH_BYTES = 4096;

/**
 * The pieces as UTF-8, each encoded once, then the `deferred` member with every marked value's
 * byte span (offsets from the first byte); nothing more when no piece was marked.
 */
export function* withDeferredSpans(pieces: Iterable<SnapshotPiece>): Generator<Buffer> {
  let offset = 0;
  const starts = new Map<string, number>();
  const spans: Record<string, [number, number]> = {};
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      const bytes = Buffer.from(piece, 'utf8');
      offset += bytes.byteLength;
      yield bytes;
    } else if (piece.deferred === 'start') starts.set(piece.path, offset);
    else {
      const start = starts.get(piece.path);
      if (start === undefined) throw new Error(`Deferred member ${piece.path} ends before it starts.`);
      spans[piece.path] = [start, offset];
    }
  }
  if (Object.keys(spans).length > 0) yield Buffer.from(`${MEMBER}${JSON.stringify(spans)}`, 'utf8');
}

export interface DeferredRead {
  /** The document without its deferred members' text (each value is null) nor the `deferred` member. */
  head: string;
  members: { path: string[]; text: JsonText }[];
}

/**
 * Splits a file written through withDeferredSpans; null when it has no `deferred` member right
 * before its last `trailerBytes` (the checksum trailer), or one that does not fit the file: such
 * a file is parsed whole, which finds any damage.
 */
export function readDeferred(bytes: Buffer, trailerBytes: number): DeferredRead | null {
  const trailerStart = bytes.length - trailerBytes;
  if (trailerStart <= 0) return null;
  const searchFrom = Math.max(0, trailerStart - SEARCH_BYTES);
  const found = bytes.subarray(searchFrom, trailerStart).lastIndexOf(MEMBER);
  if (found < 0) return null;
  const memberStart = searchFrom + found;
  let spans: unknown;
  try {
    spans = JSON.parse(bytes.toString('utf8', memberStart + MEMBER.length, trailerStart));
  } catch {
    return null;
  }
  const ordered = spansIn(spans, memberStart);
  if (!ordered) return null;
  const parts: string[] = [];
  let at = 0;
  for (const { start, end } of ordered) {
    parts.push(bytes.toString('utf8', at, start), 'null');
    at = end;
  }
  parts.push(bytes.toString('utf8', at, memberStart), bytes.toString('utf8', trailerStart));
  return {
    head: parts.join(''),
    members: ordered.map(({ path, start, end }) => ({ path: path.split('/'), text: new JsonText(bytes.subarray(start, end)) })),
  };
}

/** The spans in file order, each inside [0, limit) and none overlapping; null otherwise. */
function spansIn(value: unknown, limit: number): { path: string; start: number; end: number }[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const spans = Object.entries(value).map(([path, span]) => {
    const [start, end] = Array.isArray(span) && span.length === 2 ? (span as unknown[]) : [];
    return { path, start: Number.isSafeInteger(start) ? (start as number) : -1, end: Number.isSafeInteger(end) ? (end as number) : -1 };
  });
  spans.sort((a, b) => a.start - b.start);
  let previousEnd = 0;
  for (const { path, start, end } of spans) {
    if (path === '' || start < previousEnd || end <= start || end > limit) return null;
    previousEnd = end;
  }
  return spans;
}

/** Puts each deferred member's text where the head holds its null; false when the head has no such place. */
export function placeDeferred(document: unknown, members: DeferredRead['members']): boolean {
  for (const { path, text } of members) {
    let parent: unknown = document;
    for (const name of path.slice(0, -1)) parent = isObject(parent) && Object.hasOwn(parent, name) ? parent[name] : undefined;
    const last = path[path.length - 1]!;
    if (!isObject(parent) || !Object.hasOwn(parent, last) || parent[last] !== null) return false;
    parent[last] = text;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
