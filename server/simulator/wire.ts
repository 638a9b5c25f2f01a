// The media server's side of the wire, byte for byte as the StarRTC 2.9.6 programs send it
// (aec-media-server-2.9.6.md §0.3 and §1.1): the `data` JSON built by hand (`ts` first, every
// value a string, nothing escaped, a value that begins with `{` or `[` written raw), PHP-style
// URL encoding, the sign made with the factory key, the exact headers, one connection per
// request; and the reply read the way its parser reads it.

import type { ActionName } from '../contract';
import { computeSign, FACTORY_SIGN_KEY } from '../protocol/sign';
import { readMediaServerReply, type MediaServerReading } from '../protocol/media-server-reply';

/** Field values as the simulator knows them; all are sent as strings. Undefined is omitted. */
export type PayloadFields = Record<string, string | number | undefined>;

/**
 * The `data` JSON exactly as 2.9.6 writes it. Like the real builder it escapes nothing, so a
 * value holding `"` or `\` makes invalid JSON: the server must cope with what really arrives.
 * @param tsSeconds Unix time; the fraction is dropped.
 */
export function buildData(action: ActionName, tsSeconds: number, fields: PayloadFields): string {
  const pairs = [`"ts":"${Math.floor(tsSeconds)}"`, `"action":"${action}"`];
  for (const [key, raw] of Object.entries(fields)) {
    if (raw === undefined) continue;
    if (typeof raw === 'number' && !Number.isFinite(raw)) throw new Error(`${key} is not finite`);
    const value = typeof raw === 'number' ? String(Math.round(raw)) : raw;
    pairs.push(value.startsWith('{') || value.startsWith('[') ? `"${key}":${value}` : `"${key}":"${value}"`);
  }
  return `{${pairs.join(',')}}`;
}

/** PHP's urlencode: letters, digits and `-_.` stay, a space is `+`, every other byte `%XX`. */
export function phpUrlencode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.]/.test(c)) out += c;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `data=…&sign=…`, the body of every 2.9.6 callback. */
export function formBody(data: string, signKey: string = FACTORY_SIGN_KEY): string {
  return `data=${phpUrlencode(data)}&sign=${phpUrlencode(computeSign(data, signKey))}`;
}

/** The request as 2.9.6 writes it on its socket, headers in its order, `Host` without a port. */
export function requestBytes(url: URL, data: string, signKey?: string): Buffer {
  const body = formBody(data, signKey);
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    'Accept: */*',
    'User-Agent: Mozilla/4.0',
    'Accept-Language: en-us,zh-cn;q=0.5',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-cache',
    `Host: ${url.hostname}`,
  ].join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body}`, 'utf8');
}

/** What a media server makes of a business server's reply. */
export type Answer =
  | { kind: 'allow'; data: string | Record<string, string> | null }
  /** The client is shown `name` (the error table's entry at `index`). */
  | { kind: 'deny'; index: number; name: string }
  | { kind: 'error'; message: string };

/** The reading of an HTTP reply: anything but HTTP 200 is a failed connection (error 33). */
export function answerOf(statusCode: number, body: string): Answer {
  if (statusCode !== 200) return { kind: 'error', message: `HTTP ${statusCode}` };
  return answerOfReading(readMediaServerReply(body));
}

export function answerOfReading(reading: MediaServerReading): Answer {
  switch (reading.kind) {
    case 'success':
      return { kind: 'allow', data: reading.data };
    case 'failure':
      return { kind: 'deny', index: reading.index, name: reading.name };
    case 'parseError':
      return { kind: 'error', message: `reply not readable by the media server (error 34): ${reading.why}` };
    case 'crash':
      return { kind: 'error', message: `reply would crash the media server: ${reading.why}` };
  }
}

/** The capacity the media server learns from an APPLY_UPLOAD reply; 0 means no limit. */
export function capacityFromReply(data: string | Record<string, string> | null): number | undefined {
  if (data === null || typeof data === 'string') return undefined;
  const raw = data.conCurrentNumber;
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
