// Forward mode's one piece of network: send a callback to the studio's eventCenter as the media
// server sent it to us, on a fresh connection (as 2.9.6 does), within a hard timeout. Nothing is
// retried here: a create sent twice would make two (aec-media-server-2.9.6.md §11.3 rule 4).

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ForwardRequest, UpstreamPort } from '../core/forward-callback';

/** An eventCenter reply is a few hundred bytes; anything this large is not one. */
const MAX_REPLY_BYTES = 256 * 1024;

export function httpUpstream(userAgent: string): UpstreamPort {
  return { send: (url, request, timeoutMs) => sendOnce(url, request, timeoutMs, userAgent) };
}

function sendOnce(url: string, forwarded: ForwardRequest, timeoutMs: number, userAgent: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`URL ${url} is not valid`));
      return;
    }
    // A query the operator put in the eventCenter's URL (a key, say) stays; the media server's follows it.
    if (forwarded.method === 'GET' && forwarded.body !== '') target.search = target.search === '' ? forwarded.body : `${target.search.slice(1)}&${forwarded.body}`;
    const body = forwarded.method === 'POST' ? Buffer.from(forwarded.body, 'utf8') : undefined;
    const headers: Record<string, string> = { Accept: '*/*', 'User-Agent': userAgent, Connection: 'close' };
    if (body) {
      headers['Content-Type'] = forwarded.contentType ?? 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(body.length);
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(target, { method: forwarded.method, headers, agent: false });
    const timer = setTimeout(() => outgoing.destroy(new Error(`did not answer within ${Math.round(timeoutMs)} ms`)), timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(describe(error, target)));
    });
    outgoing.on('response', (response) => {
      readReply(response).then(
        (text) => {
          clearTimeout(timer);
          if (response.statusCode !== undefined && (response.statusCode < 200 || response.statusCode > 299)) {
            reject(new Error(`answered HTTP ${response.statusCode}`));
          } else resolve(text);
        },
        (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
    outgoing.end(body);
  });
}

function readReply(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REPLY_BYTES) {
        response.destroy(new Error(`answered more than ${MAX_REPLY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('closed the connection mid-reply')));
  });
}

function describe(error: NodeJS.ErrnoException, target: URL): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `refused the connection at ${target.host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${target.hostname} not found`;
    case 'ECONNRESET':
      return 'closed the connection without a reply';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${target.hostname} unreachable`;
    default:
      return error.message;
  }
}
