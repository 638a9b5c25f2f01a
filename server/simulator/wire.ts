// The media server's side of the wire (see shared/aec-protocol.md): one `data` parameter that
// holds a JSON object whose every value is a string, URL-encoded in a GET query or a form POST,
// and a `{"status":"1"|"0","data":...}` reply. Nothing of the project's own types leaks in here.

import type { ActionName } from '../contract';

export type CallbackMethod = 'get' | 'post';

/** The actions the simulated media server sends. */
export type LiveAction = ActionName;

/** Field values as the simulator knows them; all are sent as strings. Undefined is omitted. */
export type PayloadFields = Record<string, string | number | undefined>;

/**
 * The `data` JSON string, keys in the media server's order: ts, action, then the fields.
 * @param tsSeconds Unix time in whole seconds.
 */
export function buildData(action: LiveAction, tsSeconds: number, fields: PayloadFields): string {
  const payload: Record<string, string> = { ts: String(Math.floor(tsSeconds)), action };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${key} is not finite`);
    payload[key] = typeof value === 'number' ? String(Math.round(value)) : value;
  }
  return JSON.stringify(payload);
}

export interface WireRequest {
  method: 'GET' | 'POST';
  /** Path plus query, as written on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The form body (or query string) carrying `data`: `data=<percent-encoded JSON>`. */
export function formEncode(data: string): string {
  return `data=${encodeURIComponent(data)}`;
}

export function encodeRequest(method: CallbackMethod, url: URL, data: string): WireRequest {
  const encoded = formEncode(data);
  if (method === 'get') {
    const joiner = url.search === '' || url.search === '?' ? '?' : `${url.search}&`;
    return { method: 'GET', path: `${url.pathname}${joiner}${encoded}`, headers: {} };
  }
  return {
    method: 'POST',
    path: `${url.pathname}${url.search}`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(encoded)),
    },
    body: encoded,
  };
}

/** What a media server makes of a business server's reply. */
export type Answer =
  | { kind: 'allow'; data: unknown }
  | { kind: 'deny'; data: unknown }
  | { kind: 'error'; message: string };

/**
 * Reads a reply strictly: HTTP 200 and a JSON object whose `status` is the string "1" or "0".
 * Anything else (numbers included, which the docs warn against) is an error, so a server that
 * drifts from the wire format shows up in the simulator's error count.
 */
export function parseReply(statusCode: number, body: string): Answer {
  if (statusCode !== 200) return { kind: 'error', message: `HTTP ${statusCode}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'error', message: `reply is not JSON: ${body.slice(0, 80)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || !('status' in parsed)) {
    return { kind: 'error', message: 'reply has no status' };
  }
  const { status } = parsed as { status: unknown };
  const data = (parsed as { data?: unknown }).data;
  if (status === '1') return { kind: 'allow', data };
  if (status === '0') return { kind: 'deny', data };
  return { kind: 'error', message: `status must be "1" or "0", got ${JSON.stringify(status)}` };
}

/** The capacity the media server learns from an APPLY_UPLOAD reply; 0 means no limit. */
export function capacityFromReply(data: unknown): number | undefined {
  let value: unknown = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = (value as { conCurrentNumber?: unknown }).conCurrentNumber;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}
