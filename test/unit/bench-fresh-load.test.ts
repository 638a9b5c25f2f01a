// The bench's fresh-connection load generator (one TCP connection per request, as 2.9.6) against
// a tiny local HTTP server that counts what it sees; and the load's reports on the 2.9.6 wire.
// No assertion depends on how fast anything runs.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freshConnectionLoad } from '../../server/simulator/bench/fresh-load';
import { PlayingReports, REPORT_INTERVAL_SECONDS, wireHeaders } from '../../server/simulator/bench/load-requests';
import type { Session } from '../../server/simulator/bench/load-requests';
import { requestBytes } from '../../server/simulator/wire';
import { verifySign } from '../../server/protocol/sign';

interface Seen {
  connections: number;
  requests: number;
  /** Requests per connection, in the order the connections came. */
  perConnection: number[];
  byStatus: Record<number, number>;
  headers: http.IncomingHttpHeaders[];
  bodies: string[];
}

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A local server answering every other request 200 then 503, counting connections and requests. */
async function countingServer(): Promise<{ url: URL; seen: Seen }> {
  const seen: Seen = { connections: 0, requests: 0, perConnection: [], byStatus: {}, headers: [], bodies: [] };
  const index = new WeakMap<Socket, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const slot = index.get(req.socket) ?? -1;
      seen.perConnection[slot] = (seen.perConnection[slot] ?? 0) + 1;
      seen.headers.push(req.headers);
      seen.bodies.push(Buffer.concat(chunks).toString('utf8'));
      const status = seen.requests++ % 2 === 0 ? 200 : 503;
      seen.byStatus[status] = (seen.byStatus[status] ?? 0) + 1;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: '1', data: 'ok' }));
    });
  });
  server.on('connection', (socket: Socket) => index.set(socket, seen.connections++));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/aec`), seen };
}

const sessions: Session[] = [
  ['5000000', 'benchChannelAAAAA'],
  ['5000001', 'benchChannelBBBBB'],
  ['5000002', 'benchChannelAAAAA'],
];

describe('fresh-connection load generator', () => {
  it('opens one connection per request and reports every reply it got, by status', async () => {
    const { url, seen } = await countingServer();
    const reports = new PlayingReports(sessions, 1_700_000_000);
    const bodies: string[] = [];
    const result = await freshConnectionLoad({
      url,
      connections: 3,
      durationSeconds: 0.3,
      timeoutMs: 5000,
      nextRequest: () => requestBytes(url, reports.nextData()),
      onReply: (_status, body) => bodies.push(body),
    });

    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.replies).toBeGreaterThan(0);
    expect(result.replies).toBe(seen.requests);
    expect(seen.connections).toBe(seen.requests);
    expect(seen.perConnection.every((count) => count === 1)).toBe(true);
    expect(result.statusCodes).toEqual(Object.fromEntries(Object.entries(seen.byStatus).map(([code, count]) => [code, count])));
    expect(bodies).toHaveLength(result.replies);
    expect(bodies.every((body) => body === '{"status":"1","data":"ok"}')).toBe(true);
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p50);
    expect(result.latencyMs.max).toBeGreaterThanOrEqual(result.latencyMs.p99);
    expect(result.durationSeconds).toBeGreaterThan(0);
  });

  it('sends the 2.9.6 request: its headers, no Connection header, a signed form body', async () => {
    const { url, seen } = await countingServer();
    const reports = new PlayingReports(sessions, 1_700_000_000);
    await freshConnectionLoad({ url, connections: 1, durationSeconds: 0.05, timeoutMs: 5000, nextRequest: () => requestBytes(url, reports.nextData()) });

    const headers = seen.headers[0];
    expect(headers).toMatchObject({
      accept: '*/*',
      'user-agent': 'Mozilla/4.0',
      'accept-language': 'en-us,zh-cn;q=0.5',
      'content-type': 'application/x-www-form-urlencoded',
      'cache-control': 'no-cache',
      host: '127.0.0.1',
    });
    expect(headers?.connection).toBeUndefined();
    const form = new URLSearchParams(seen.bodies[0]);
    const data = form.get('data') ?? '';
    expect(JSON.parse(data)).toMatchObject({ ts: '1700000000', action: 'AEC_LIVE_USER_PLAYING', userId: '5000000', channelId: 'benchChannelAAAAA' });
    expect(verifySign(data, form.get('sign') ?? undefined, { guardToken: null, required: true })).toEqual({ ok: true, signed: true });
  });

  it('counts failed connections as errors, with the first error, and no replies', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = new URL(`http://127.0.0.1:${port}/aec`);
    const result = await freshConnectionLoad({ url, connections: 2, durationSeconds: 0.05, timeoutMs: 5000, nextRequest: () => requestBytes(url, '{}') });

    expect(result.replies).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.firstError).toMatch(/ECONNREFUSED/);
    expect(result.statusCodes).toEqual({});
  });
});

describe('the load reports', () => {
  it('never repeats a session\'s ts, within a run or in the next run started at nextTs', () => {
    const seen = new Set<string>();
    const first = new PlayingReports(sessions, 1000);
    const take = (reports: PlayingReports, count: number): void => {
      for (let i = 0; i < count; i++) {
        const data = JSON.parse(reports.nextData()) as { ts: string; userId: string; time: string };
        expect(data.time).toBe(data.ts);
        const key = `${data.userId}@${data.ts}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    };
    take(first, 7);
    expect(first.nextTs).toBe(1000 + 3 * REPORT_INTERVAL_SECONDS);
    const second = new PlayingReports(sessions, first.nextTs);
    take(second, 5);
    expect(seen.size).toBe(12);
  });

  it('gives autocannon the 2.9.6 headers, Content-Length left to it', () => {
    const url = new URL('http://127.0.0.1:9000/aec');
    const head = requestBytes(url, '{}').toString('latin1').split('\r\n\r\n')[0] ?? '';
    const expected = head
      .split('\r\n')
      .slice(1)
      .filter((line) => !line.startsWith('Content-Length'))
      .map((line) => line.split(': ') as [string, string]);
    expect(Object.entries(wireHeaders(url))).toEqual(expected);
    expect(wireHeaders(url).Host).toBe('127.0.0.1');
  });
});
