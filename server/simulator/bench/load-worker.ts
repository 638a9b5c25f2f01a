// The bench's load generator, run as its own process (forked with IPC) so that it does not
// share an event loop with anything it measures. Two tasks:
// - load: autocannon keeps N connections busy for D seconds with USER_PLAYING form POSTs,
//   cycling over the given live sessions (real payloads, every value a string);
// - burst: every given viewer's USER_ONLINE at once through a bounded socket pool, timed until
//   the last answer.

import autocannon from 'autocannon';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { CallbackSender } from '../sender';
import { buildData, formBody } from '../wire';
import { Action } from '../../contract';

export type Session = [userId: string, channelId: string];

export type WorkerTask =
  | { kind: 'load'; url: string; sessionsFile: string; connections: number; durationSeconds: number; warmupSeconds: number }
  | { kind: 'burst'; url: string; sessionsFile: string; sockets: number };

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Replies read as "1", "0", or neither. */
  allowed: number;
  denied: number;
  unreadable: number;
}

export interface BurstResult {
  requests: number;
  sockets: number;
  elapsedMs: number;
  allowed: number;
  denied: number;
  errors: number;
  /** The first error's message, to tell a refused connection from a timeout. */
  firstError: string | null;
}

/** A minute of watching at 1-4 Mbit/s, varied per session so the bodies differ like real ones. */
function dischargeFor(index: number): number {
  return 7_500_000 + ((index * 2_654_435_761) % 22_500_000);
}

async function readSessions(file: string): Promise<Session[]> {
  return JSON.parse(await readFile(file, 'utf8')) as Session[];
}

async function load(task: Extract<WorkerTask, { kind: 'load' }>): Promise<LoadResult> {
  const sessions = await readSessions(task.sessionsFile);
  const start = Math.floor(Date.now() / 1000);
  // Each pass over the sessions is their next once-a-minute report (ts one minute later), so no
  // report repeats an earlier one: the server counts every one, whatever the number of sessions.
  let cycle = -1;
  let bodies: string[] = [];
  const bodyFor = (n: number): string => {
    const wanted = Math.floor(n / sessions.length);
    if (wanted !== cycle) {
      cycle = wanted;
      const ts = start + 60 * cycle;
      bodies = sessions.map(([userId, channelId], i) =>
        formBody(buildData(Action.AEC_LIVE_USER_PLAYING, ts, { userId, channelId, time: ts, discharge: dischargeFor(i) })),
      );
    }
    return bodies[n % sessions.length] ?? '';
  };
  const url = new URL(task.url);
  let next = 0;
  let allowed = 0;
  let denied = 0;
  let unreadable = 0;
  const run = (duration: number) =>
    autocannon({
      url: url.origin,
      connections: task.connections,
      duration,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: `${url.pathname}${url.search}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (request) => {
            request.body = bodyFor(next++);
            return request;
          },
          onResponse: (status, body) => {
            if (status === 200 && body.includes('"status":"1"')) allowed++;
            else if (status === 200 && body.includes('"status":"0"')) denied++;
            else unreadable++;
          },
        },
      ],
    });
  // A short unmeasured run first, so that neither side is measured while its JIT warms up.
  if (task.warmupSeconds > 0) await run(task.warmupSeconds);
  allowed = 0;
  denied = 0;
  unreadable = 0;
  const result = await run(task.durationSeconds);
  const requests = result['2xx'] + result.non2xx;
  return {
    requests,
    durationSeconds: result.duration,
    requestsPerSecond: Math.round(requests / result.duration),
    latencyMs: { mean: result.latency.mean, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    allowed,
    denied,
    unreadable,
  };
}

async function burst(task: Extract<WorkerTask, { kind: 'burst' }>): Promise<BurstResult> {
  const sessions = await readSessions(task.sessionsFile);
  const sender = new CallbackSender({ url: task.url, maxInFlight: task.sockets, timeoutMs: 30_000 });
  const ts = Math.floor(Date.now() / 1000);
  const datas = sessions.map(([userId, channelId]) => buildData(Action.AEC_LIVE_USER_ONLINE, ts, { userId, channelId, time: ts }));
  const started = performance.now();
  const answers = await Promise.all(datas.map((data) => sender.send(data)));
  const elapsedMs = performance.now() - started;
  await sender.close();
  return {
    requests: datas.length,
    sockets: task.sockets,
    elapsedMs: Math.round(elapsedMs),
    allowed: answers.filter((a) => a.kind === 'allow').length,
    denied: answers.filter((a) => a.kind === 'deny').length,
    errors: answers.filter((a) => a.kind === 'error' || a.kind === 'cancelled').length,
    firstError: answers.flatMap((a) => (a.kind === 'error' ? [a.message] : [])).at(0) ?? null,
  };
}

process.once('message', (message) => {
  const task = message as WorkerTask;
  const run = task.kind === 'load' ? load(task) : burst(task);
  run.then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }, () => process.exit(1)),
  );
});
