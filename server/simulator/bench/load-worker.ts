// The bench's load generator, run as its own process (forked with IPC) so that it does not
// share an event loop with anything it measures. Its tasks:
// - load: N requests in flight for D seconds, each the next USER_PLAYING of the given live
//   sessions on the 2.9.6 wire (load-requests.ts), over one of two kinds of connection:
//   - keepalive: autocannon, N connections kept open (the HTTP/1.1 default of most clients);
//   - fresh: a new TCP connection per request, closed after the reply, as 2.9.6 does
//     (fresh-load.ts; autocannon cannot do that);
//   or, given a family, that family's most frequent action over its items (family-requests.ts);
// - paced: the viewers' USER_PLAYING at a set rate, a connection each, latency counted from
//   each request's time in the schedule (paced-load.ts);
// - burst: every given viewer's USER_ONLINE at once through a bounded socket pool, timed until
//   the last answer;
// - disk: records at a set rate written and fdatasync'ed in groups in a folder, no server
//   involved: the disk's own share of a durable answer (disk-floor.ts).

import autocannon from 'autocannon';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { CallbackSender } from '../sender';
import { buildData, formBody, requestBytes } from '../wire';
import { Action } from '../../contract';
import { freshConnectionLoad } from './fresh-load';
import { diskFloor } from './disk-floor';
import { pacedLoad } from './paced-load';
import type { PacedLoadResult } from './paced-load';
import { LatencyRecorder } from './latency';
import type { LatencySummary } from './latency';
import { FamilyRequests } from './family-requests';
import type { BenchFamily, RequestSource } from './family-requests';
import { PlayingReports, wireHeaders } from './load-requests';
import type { ConnectionMode, Session } from './load-requests';

export type WorkerTask =
  | {
      kind: 'load';
      mode: ConnectionMode;
      url: string;
      /** Live sessions, or the family's items when `family` is set (both pairs of ids). */
      sessionsFile: string;
      /** Absent: the viewers' USER_PLAYING; else this family's action (family-requests.ts). */
      family?: BenchFamily;
      /** The `ts` of the first pass over the sessions (load-requests.ts). */
      firstTs: number;
      connections: number;
      durationSeconds: number;
      warmupSeconds: number;
    }
  | {
      kind: 'paced';
      url: string;
      sessionsFile: string;
      firstTs: number;
      ratePerSecond: number;
      durationSeconds: number;
      maxInFlight: number;
    }
  | { kind: 'burst'; url: string; sessionsFile: string; sockets: number }
  | { kind: 'disk'; dir: string; ratePerSecond: number; durationSeconds: number };

export interface LoadResult {
  mode: ConnectionMode;
  /** Replies received in the measured run. */
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  errors: number;
  timeouts: number;
  /** The first failed exchange's message (fresh connections only; autocannon only counts them). */
  firstError: string | null;
  non2xx: number;
  /** Replies by HTTP status code. */
  statusCodes: Record<string, number>;
  /** Replies read as "1", "0", or neither. */
  allowed: number;
  denied: number;
  unreadable: number;
  /** A `ts` after every one this run sent: the next run over the same sessions starts there. */
  nextTs: number;
  /** Requests handed to the wire, the warm-up's included. */
  sent: number;
}

export interface PacedResult extends PacedLoadResult {
  /** Replies read as "1", "0", or neither. */
  allowed: number;
  denied: number;
  unreadable: number;
  nextTs: number;
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

const TIMEOUT_SECONDS = 10;

async function readSessions(file: string): Promise<Session[]> {
  return JSON.parse(await readFile(file, 'utf8')) as Session[];
}

/** The replies of one run, by HTTP status and by what the media server would read. */
class ReplyTally {
  allowed = 0;
  denied = 0;
  unreadable = 0;
  readonly statusCodes: Record<string, number> = {};

  count(status: number, body: string): void {
    this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    if (status === 200 && body.includes('"status":"1"')) this.allowed++;
    else if (status === 200 && body.includes('"status":"0"')) this.denied++;
    else this.unreadable++;
  }
}

type RunOutcome = Pick<LoadResult, 'requests' | 'durationSeconds' | 'latencyMs' | 'errors' | 'timeouts' | 'firstError' | 'non2xx'>;
type Run = (url: URL, connections: number, seconds: number, reports: RequestSource, tally: ReplyTally) => Promise<RunOutcome>;

/**
 * autocannon on kept-alive connections; the 2.9.6 headers, plus its `Connection: keep-alive`.
 * Latencies are taken from its response events into our own histogram (autocannon's keeps
 * whole milliseconds and 2xx only), so both modes report them alike.
 */
const keepAliveRun: Run = async (url, connections, seconds, reports, tally) => {
  const latency = new LatencyRecorder(TIMEOUT_SECONDS * 1000);
  const instance = autocannon({
    url: url.origin,
    connections,
    duration: seconds,
    timeout: TIMEOUT_SECONDS,
    requests: [
      {
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: wireHeaders(url),
        setupRequest: (request) => {
          request.body = formBody(reports.nextData());
          return request;
        },
        onResponse: (status, body) => tally.count(status, body),
      },
    ],
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latency.record(responseTimeMs));
  const result = await instance;
  return {
    requests: result['2xx'] + result.non2xx,
    durationSeconds: result.duration,
    latencyMs: latency.summary(),
    errors: result.errors,
    timeouts: result.timeouts,
    firstError: null,
    non2xx: result.non2xx,
  };
};

/** One connection per request, the exact bytes 2.9.6 writes (`requestBytes`). */
const freshRun: Run = async (url, connections, seconds, reports, tally) => {
  const result = await freshConnectionLoad({
    url,
    connections,
    durationSeconds: seconds,
    timeoutMs: TIMEOUT_SECONDS * 1000,
    nextRequest: () => requestBytes(url, reports.nextData()),
    onReply: (status, body) => tally.count(status, body),
  });
  const non2xx = Object.entries(result.statusCodes).reduce((sum, [code, count]) => sum + (code.startsWith('2') ? 0 : count), 0);
  const { replies: requests, durationSeconds, latencyMs, errors, timeouts, firstError } = result;
  return { requests, durationSeconds, latencyMs, errors, timeouts, firstError, non2xx };
};

async function load(task: Extract<WorkerTask, { kind: 'load' }>): Promise<LoadResult> {
  const pairs = await readSessions(task.sessionsFile);
  const reports: RequestSource = task.family ? new FamilyRequests(task.family, pairs, task.firstTs) : new PlayingReports(pairs, task.firstTs);
  const url = new URL(task.url);
  const run = task.mode === 'fresh' ? freshRun : keepAliveRun;
  // A short unmeasured run first, so that neither side is measured while its JIT warms up. It
  // takes its reports from the same source: the measured run's `ts` carry on after its own.
  if (task.warmupSeconds > 0) await run(url, task.connections, task.warmupSeconds, reports, new ReplyTally());
  const tally = new ReplyTally();
  const outcome = await run(url, task.connections, task.durationSeconds, reports, tally);
  return {
    mode: task.mode,
    ...outcome,
    requestsPerSecond: Math.round(outcome.requests / outcome.durationSeconds),
    statusCodes: tally.statusCodes,
    allowed: tally.allowed,
    denied: tally.denied,
    unreadable: tally.unreadable,
    nextTs: reports.nextTs,
    sent: reports.count,
  };
}

async function paced(task: Extract<WorkerTask, { kind: 'paced' }>): Promise<PacedResult> {
  const reports = new PlayingReports(await readSessions(task.sessionsFile), task.firstTs);
  const url = new URL(task.url);
  const tally = new ReplyTally();
  const result = await pacedLoad({
    url,
    ratePerSecond: task.ratePerSecond,
    durationSeconds: task.durationSeconds,
    maxInFlight: task.maxInFlight,
    timeoutMs: TIMEOUT_SECONDS * 1000,
    nextRequest: () => requestBytes(url, reports.nextData()),
    onReply: (status, body) => tally.count(status, body),
  });
  return { ...result, allowed: tally.allowed, denied: tally.denied, unreadable: tally.unreadable, nextTs: reports.nextTs };
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
  const run = task.kind === 'load' ? load(task) : task.kind === 'paced' ? paced(task) : task.kind === 'disk' ? diskFloor(task) : burst(task);
  run.then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }, () => process.exit(1)),
  );
});
