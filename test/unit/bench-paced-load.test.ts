// The bench's load at a set rate (paced-load.ts) against a tiny local HTTP server: requests are
// spread over the schedule rather than sent as fast as replies come, each on its own
// connection, and a request that had to wait behind a slow reply counts its wait. The rates are
// low and the bounds wide: no assertion depends on how fast this machine is.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from '../../server/simulator/bench/paced-load';
import { requestBytes } from '../../server/simulator/wire';

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A local server noting when each request arrived; `delayMs(i)` holds the i-th reply back. */
async function timedServer(delayMs: (i: number) => number = () => 0): Promise<{ url: URL; arrivals: number[]; connections: () => number }> {
  const arrivals: number[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const i = arrivals.push(performance.now()) - 1;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: '1', data: 'ok' }));
      }, delayMs(i));
    });
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/aec`), arrivals, connections: () => connections };
}

const report = (url: URL) => () => requestBytes(url, '{"action":"AEC_LIVE_USER_PLAYING"}');

describe('paced load', () => {
  it('sends the rate times the duration, spread over the schedule, a connection each', async () => {
    const { url, arrivals, connections } = await timedServer();
    const replies: number[] = [];
    const result = await pacedLoad({ url, ratePerSecond: 40, durationSeconds: 1, maxInFlight: 16, timeoutMs: 5000, nextRequest: report(url), onReply: (status) => replies.push(status) });

    expect(result.scheduled).toBe(40);
    expect(result.replies).toBe(40);
    expect(replies.every((status) => status === 200)).toBe(true);
    expect(result.statusCodes).toEqual({ '200': 40 });
    expect(connections()).toBe(40);
    // Spread over the second, not sent at once: the last is due 975 ms after the first.
    expect(arrivals[arrivals.length - 1]! - arrivals[0]!).toBeGreaterThan(700);
    expect(result.durationSeconds).toBeGreaterThan(0.9);
    expect(result.waitedForConnection).toBe(0);
    expect(result.errors + result.timeouts).toBe(0);
  });

  it('counts the wait of the requests that were due while a reply was slow', async () => {
    // One connection; the first reply takes 400 ms. Requests 2 to 20 fall due meanwhile.
    const { url } = await timedServer((i) => (i === 0 ? 400 : 0));
    const result = await pacedLoad({ url, ratePerSecond: 50, durationSeconds: 1, maxInFlight: 1, timeoutMs: 5000, nextRequest: report(url) });

    expect(result.replies).toBe(50);
    expect(result.waitedForConnection).toBeGreaterThanOrEqual(15);
    expect(result.latencyMs.max).toBeGreaterThanOrEqual(400);
    // A load that sends the next request when a reply comes would see one slow request in 50,
    // under the 90th percentile; here the 5 slowest waited 300 ms and more.
    expect(result.latencyMs.p90).toBeGreaterThanOrEqual(250);
  });

  it('counts refused connections as errors and still ends', async () => {
    const { url } = await timedServer();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    const result = await pacedLoad({ url, ratePerSecond: 20, durationSeconds: 0.5, maxInFlight: 4, timeoutMs: 2000, nextRequest: report(url) });

    expect(result.scheduled).toBe(10);
    expect(result.replies).toBe(0);
    expect(result.errors).toBe(10);
    expect(result.firstError).toMatch(/ECONNREFUSED/);
  });

  it('refuses a load without a rate, a duration or a connection', async () => {
    const url = new URL('http://127.0.0.1:9/aec');
    const base = { url, ratePerSecond: 10, durationSeconds: 1, maxInFlight: 1, timeoutMs: 1000, nextRequest: report(url) };
    await expect(pacedLoad({ ...base, ratePerSecond: 0 })).rejects.toThrow(/rate/);
    await expect(pacedLoad({ ...base, durationSeconds: -1 })).rejects.toThrow(/duration/);
    await expect(pacedLoad({ ...base, maxInFlight: 0 })).rejects.toThrow(/connection/);
  });
});
