// One HTTP exchange on its own TCP connection, as 2.9.6 does it: write the request bytes, read
// one response (Content-Length, chunked, or until close), close the connection.

import { connect } from 'node:net';

export interface Exchanged {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function exchange(url: URL, request: Buffer, timeoutMs: number): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? 80 : Number(url.port) });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | null, result?: Exchanged): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(result!);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no reply within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.write(request));
    const read = (closed: boolean): void => {
      try {
        const complete = parseResponse(received, closed);
        if (complete) finish(null, complete);
        else if (closed) finish(new Error(`connection closed after ${received.length} bytes of an incomplete reply`));
      } catch (error) {
        finish(error as Error);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      read(false);
    });
    socket.on('end', () => read(true));
    socket.on('error', (error) => finish(error));
  });
}

/** The response once it is all there; `closed`: the peer ended the connection. */
function parseResponse(bytes: Buffer, closed: boolean): Exchanged | null {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const lines = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!status) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(headEnd + 4);
  const statusCode = Number(status[1]);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? { statusCode, headers, body: rest.subarray(0, length).toString('utf8') } : null;
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const body = dechunk(rest);
    return body === null ? null : { statusCode, headers, body: body.toString('utf8') };
  }
  return closed ? { statusCode, headers, body: rest.toString('utf8') } : null;
}

function dechunk(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', pos);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(bytes.subarray(pos, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (bytes.length < start + size + 2) return null;
    parts.push(bytes.subarray(start, start + size));
    pos = start + size + 2;
  }
}
