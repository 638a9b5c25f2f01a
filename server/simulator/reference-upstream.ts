// A loopback stand-in for a studio's existing eventCenter, to try and test forward mode: it
// answers like the StarRTC PHP reference (reference-upstream-rules.ts) and can be told to
// misbehave the ways a real one does: refuse connections, hang, answer slowly, answer garbage.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { emptyReferenceBook, referenceAnswer, type ReferenceBook, type ReferenceQuirks } from './reference-upstream-rules';

export type UpstreamBehaviour = 'normal' | 'hang' | 'garbage' | 'http500';

export interface ReceivedRequest {
  method: string;
  contentType: string | null;
  body: string;
  /** `data` as the reference would read it, when it parses. */
  action: string | null;
  at: number;
}

export interface ReferenceUpstream {
  url: string;
  book: ReferenceBook;
  received: ReceivedRequest[];
  /** The raw reply each request got, in order. */
  replies: string[];
  behaviour: UpstreamBehaviour;
  delayMs: number;
  /** A reply of one's own for some requests (tests of odd eventCenters); undefined: the reference's. */
  replyFor: ((received: ReceivedRequest) => string | undefined) | undefined;
  quirks: ReferenceQuirks;
  /** Stops listening: connections are then refused, as when the eventCenter is down. */
  close(): Promise<void>;
  /** Listens again on the same port. */
  reopen(): Promise<void>;
}

export async function startReferenceUpstream(options: { port?: number; quirks?: Partial<ReferenceQuirks> } = {}): Promise<ReferenceUpstream> {
  let server: Server | undefined;
  const upstream: ReferenceUpstream = {
    url: '',
    book: emptyReferenceBook(),
    received: [],
    replies: [],
    behaviour: 'normal',
    delayMs: 0,
    replyFor: undefined,
    quirks: { cutCallsAfterMinutes: 0, refusedUsers: new Set(), ...options.quirks },
    close: async () => {
      const closing = server;
      server = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    reopen: async () => {
      if (server) return;
      server = await listen(upstream, port);
    },
  };
  server = await listen(upstream, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  upstream.url = `http://127.0.0.1:${port}/eventCenter.php`;
  return upstream;
}

function listen(upstream: ReferenceUpstream, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    void readBody(request).then(async (body) => {
      const received = receivedOf(request, body);
      upstream.received.push(received);
      if (upstream.behaviour === 'hang') return; // never answers; the caller's timeout ends it
      if (upstream.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, upstream.delayMs));
      if (upstream.behaviour === 'http500') {
        response.writeHead(500, { 'Content-Type': 'text/html' }).end('<b>Fatal error</b>: Uncaught PDOException');
        return;
      }
      const reply = upstream.behaviour === 'garbage' ? '<html>502 Bad Gateway</html>' : (upstream.replyFor?.(received) ?? answerOf(upstream, received));
      upstream.replies.push(reply);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end(reply);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function answerOf(upstream: ReferenceUpstream, received: ReceivedRequest): string {
  const data = dataOf(received);
  return data ? referenceAnswer(upstream.book, data, upstream.quirks) : '{"status":"0","data":10001}';
}

function receivedOf(request: IncomingMessage, body: string): ReceivedRequest {
  const query = request.url?.split('?')[1] ?? '';
  const received = { method: request.method ?? 'GET', contentType: request.headers['content-type'] ?? null, body: request.method === 'GET' ? query : body, action: null, at: Date.now() };
  const data = dataOf(received);
  return { ...received, action: typeof data?.action === 'string' ? data.action : null };
}

/** The `data` field as PHP's $_POST / $_GET would give it, parsed as JSON. */
function dataOf(received: { body: string }): Record<string, unknown> | undefined {
  const field = parseQuery(received.body).data;
  const text = Array.isArray(field) ? field[0] : field;
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(''));
  });
}
