// The media server's own request, a form POST with its length announced from an allowed
// address, is read and answered here straight on Node's request: a callback is a few hundred
// bytes, and the Koa pipeline (context, type checks, generic body parsing) cost more than our
// decision did. Anything else (GET, JSON, a body too large or chunked or compressed, a refused
// address, /healthz, /metrics) goes to the Koa app, which holds every other behaviour.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { CallbackRequest } from '../../protocol';
import type { AllowList } from '../../settings/allow-list';
import { parseFormText } from './form-text';
import { answer, recordAnswer, type HandlerDeps } from './handler';

export interface FastLaneDeps extends HandlerDeps {
  allowList: () => AllowList;
  maxBodyBytes: number;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

export function withFastLane(koa: RequestListener, deps: FastLaneDeps): RequestListener {
  return (req, res) => {
    const started = performance.now();
    const length = fastLaneLength(req, deps);
    if (length === null) {
      koa(req, res);
      return;
    }
    readBody(req, length, (text) => {
      void answerForm(req, res, text, deps, started);
    });
  };
}

/** The announced body length when the request can take the fast lane, else null. */
function fastLaneLength(req: IncomingMessage, deps: FastLaneDeps): number | null {
  if (req.method !== 'POST') return null;
  const headers = req.headers;
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return null;
  if (!isPlainForm(headers['content-type'])) return null;
  const announced = headers['content-length'];
  if (announced === undefined || !/^\d{1,9}$/.test(announced)) return null;
  const length = Number(announced);
  if (length > deps.maxBodyBytes) return null;
  const remote = req.socket.remoteAddress ?? '';
  return deps.allowList().allows(remote) ? length : null;
}

/** `application/x-www-form-urlencoded`, bare or with a UTF-8 charset (the body is read as UTF-8). */
function isPlainForm(type: string | undefined): boolean {
  if (type === undefined) return false;
  const lower = type.toLowerCase();
  if (!lower.startsWith(FORM_TYPE)) return false;
  const rest = lower.slice(FORM_TYPE.length).replace(/\s/g, '');
  return rest === '' || rest === ';' || rest === ';charset=utf-8';
}

function readBody(req: IncomingMessage, length: number, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => {
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
    done(body.toString('utf8'));
  });
  // An aborted request has no one to answer.
  req.once('error', () => undefined);
}

async function answerForm(req: IncomingMessage, res: ServerResponse, text: string, deps: FastLaneDeps, started: number): Promise<void> {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const queryText = mark === -1 ? '' : url.slice(mark + 1);
  const contentType = req.headers['content-type'] as string;
  const request: CallbackRequest = {
    method: 'POST',
    query: queryText === '' ? {} : parseQueryString(queryText),
    queryText,
    body: parseFormText(text),
    rawBody: text,
    contentType: FORM_TYPE,
    contentTypeHeader: contentType,
  };
  const answered = await answer(request, deps, started);
  const body = answered.outcome.body;
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  try {
    recordAnswer(answered, req.socket.remoteAddress ?? null, deps);
  } catch {
    // The reply is gone; a failure to count or audit it must not take the listener down
    // (the audit log reports its own write faults).
  }
}
