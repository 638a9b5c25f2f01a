// Raw HTTP: any method, any bytes, any content type, any Host or Origin. fetch would tidy some
// of them up (or refuse to send them); node:http and a bare socket send what they are given.

import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { readMediaServerReply } from '../../server/protocol/media-server-reply';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a fresh connection, headers exactly as given. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Path and query, already encoded as they go on the request line. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** Keep-alive, so thousands of requests do not each pay a TCP handshake. */
export const fuzzAgent = new Agent({ keepAlive: true, maxSockets: 16 });

export function send(baseUrl: string, req: RawRequest, agent: Agent = fuzzAgent): Promise<RawReply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { ...req.headers };
    if (body !== undefined) headers['Content-Length'] = String(body.length);
    const outgoing = request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    outgoing.setTimeout(20_000, () => outgoing.destroy(new Error(`no answer to ${req.method} ${req.path.slice(0, 80)} within 20 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface SocketOutcome {
  /** What the server wrote before it closed (or before we gave up). */
  received: string;
  /** The server closed the connection (as opposed to our own give-up timer firing). */
  closedByServer: boolean;
}

/**
 * Writes bytes on a bare TCP socket, optionally half-closes, and reads until the server closes
 * or `giveUpMs` passes. For garbage that is not HTTP at all, and for stalled clients.
 */
export function rawSocket(baseUrl: string, bytes: Buffer, opts: { endAfterWrite: boolean; giveUpMs: number }): Promise<SocketOutcome> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, opts.giveUpMs);
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.endAfterWrite) socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset by the server is a close by the server.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks).toString('latin1'), closedByServer: !gaveUp });
    });
  });
}

/** A protocol reply: HTTP 200, JSON, and a reply the 2.9.6 parser reads without error or crash. */
export function protocolProblem(reply: RawReply): string | null {
  if (reply.status >= 400 && reply.status < 500) return null;
  if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`;
  if (!/application\/json/.test(reply.contentType)) return `content type ${reply.contentType}`;
  const reading = readMediaServerReply(reply.body);
  if (reading.kind === 'parseError' || reading.kind === 'crash') return `${reading.why}: ${reply.body.slice(0, 200)}`;
  return null;
}
