// Finds the `data` string (and optional `sign`) in a callback request, whatever form it came
// in. Which HTTP method the media server uses is unconfirmed, so every form is accepted on
// the same path:
//   GET  ?data=...                                  (the demo receivers' form)
//   POST application/x-www-form-urlencoded data=... (the docs' form)
//   POST application/json {...payload...}           (tools: the raw body IS the data)
//   POST application/json {"data":"...","sign":"..."}
// A `data` in the query wins over one in the body; the same for `sign`.

import { parse as parseQueryString } from 'node:querystring';
import { DenyCode } from '../contract/deny-codes';
import { isPlainObject } from './is-object';

export interface CallbackRequest {
  method: string;
  query: Record<string, string | string[] | undefined>;
  /** The query string as sent (without `?`), kept for the audit log when `data` is missing. */
  queryText?: string;
  /** As parsed by the body parser: an object for form and JSON bodies, else anything. */
  body: unknown;
  /** The unparsed body text, when the body parser kept it. */
  rawBody?: string;
  contentType?: string;
  /** The Content-Type header as sent (with its charset), passed on unchanged in forward mode. */
  contentTypeHeader?: string;
}

export type ExtractResult = { ok: true; data: string; sign?: string } | { ok: false; code: number; reason: string };

export function extractData(input: CallbackRequest): ExtractResult {
  const fromQuery = firstString(input.query.data);
  const querySign = nonEmpty(firstString(input.query.sign));
  const hasBody = input.method.toUpperCase() !== 'GET' && input.method.toUpperCase() !== 'HEAD';
  const body = hasBody ? readBody(input) : {};
  const sign = querySign ?? nonEmpty(body.sign);

  const data = nonEmpty(fromQuery) ?? nonEmpty(body.data);
  if (data !== undefined) return withSign(data, sign);

  if (fromQuery !== undefined || body.data !== undefined) {
    return { ok: false, code: DenyCode.missingArgument, reason: 'data parameter is empty' };
  }
  const where = hasBody ? 'in the query string or the request body' : 'in the query string';
  return { ok: false, code: DenyCode.missingArgument, reason: `data parameter is missing: expected ?data=... ${where}` };
}

function withSign(data: string, sign: string | undefined): ExtractResult {
  return sign === undefined ? { ok: true, data } : { ok: true, data, sign };
}

/** The `data` and `sign` a body carries, if any. */
function readBody(input: CallbackRequest): { data?: string; sign?: string } {
  const raw = input.rawBody;
  const isJson = /json/i.test(input.contentType ?? '');

  if (isPlainObject(input.body)) {
    const fields = input.body;
    const data = firstString(fields.data);
    // A JSON object with an `action` and no string `data` is itself the payload.
    if (data !== undefined && fields.action === undefined) return { data, sign: firstString(fields.sign) };
    // A tool's {"data":{...}}: no exact text exists, so the object is serialised.
    if (isPlainObject(fields.data)) return { data: JSON.stringify(fields.data), sign: firstString(fields.sign) };
    if (isJson || fields.action !== undefined) return { data: jsonPayloadText(raw, fields), sign: firstString(fields.sign) };
    // Parsers hand over {} for content types they do not know: look at the raw text then.
    const fromText = readBodyText(raw, isJson);
    return { data: fromText.data ?? firstString(fields.data), sign: firstString(fields.sign) ?? fromText.sign };
  }

  return readBodyText(typeof input.body === 'string' ? input.body : raw, isJson);
}

/** A body the parser did not turn into an object: JSON text, or form text with a wrong content type. */
function readBodyText(text: string | undefined, isJson: boolean): { data?: string; sign?: string } {
  if (text === undefined || text.trim() === '') return {};
  if (isJson || text.trimStart().startsWith('{')) return { data: text };
  if (/(^|&)data=/.test(text)) {
    const form = parseQueryString(text);
    return { data: firstString(form.data), sign: firstString(form.sign) };
  }
  return {};
}

/** The exact text a sign was computed over: the raw body when we have it. */
function jsonPayloadText(raw: string | undefined, parsed: Record<string, unknown>): string {
  return raw !== undefined && raw.trim() !== '' ? raw : JSON.stringify(parsed);
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((item): item is string => typeof item === 'string');
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

