// The dashboard-stream step of the bench, without a browser: our server run as `npm run demo`
// runs it (server/main/demo.ts: the simulator plays its studio at the demo's speed into the
// callback listener), and /api/stream read the way a tab on the channels view reads it
// (renderer/src/lib/topics.ts: the channels view follows only `channels`; boot.js and
// api/stream.ts open `/api/stream?topics=channels`), asking for the encodings Chromium asks for.
// After a warm-up (the studio fills, as test/e2e/dashboard-measure.spec.ts waits 20 s), the
// body bytes as received and as decoded are counted, per event name, for the measured window.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { say, startCli } from './bench-run';
import type { BenchRun } from './bench-run';
import type { StreamResult } from './report';
import { SseTally } from './stream-tally';
import { FollowedSummary } from './stream-summary';
import type { SummaryFacts } from './stream-summary';

export const STREAM_PATH = '/api/stream?topics=channels';
/** What Chromium sends; the admin listener compresses the stream with br or gzip (app.ts). */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

function decoderFor(encoding: string | null): Transform {
  if (encoding === 'br') return zlib.createBrotliDecompress();
  if (encoding === 'gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  return new PassThrough();
}

function openStream(origin: string, token: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${origin}${STREAM_PATH}`, {
      agent: false,
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'accept-encoding': BROWSER_ACCEPT_ENCODING },
    });
    req.on('response', (res) => (res.statusCode === 200 ? resolve(res) : reject(new Error(`${STREAM_PATH}: HTTP ${res.statusCode}`))));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the stream: `warmup` seconds unmeasured, then `seconds` counted. */
async function readStream(origin: string, token: string, result: StreamResult, seconds: number): Promise<void> {
  const summaries: SummaryFacts[] = [];
  let snapshotSeen = false;
  const followed = new FollowedSummary();
  const tally = new SseTally((event, data, bytes) => {
    if (event === 'snapshot' && !snapshotSeen) {
      snapshotSeen = true;
      result.snapshotBytes = bytes;
    }
    const facts = followed.read(event, data);
    if (facts) summaries.push(facts);
  });
  const res = await openStream(origin, token);
  result.contentEncoding = res.headers['content-encoding'] ?? null;
  const decoder = decoderFor(result.contentEncoding);
  let wire = 0;
  res.on('data', (chunk: Buffer) => {
    wire += chunk.length;
    decoder.write(chunk);
  });
  decoder.on('data', (chunk: Buffer) => tally.feed(chunk.toString('utf8')));
  decoder.on('error', (err: Error) => result.problems.push(`decoding the stream: ${err.message}`));
  res.on('error', (err: Error) => result.problems.push(`reading the stream: ${err.message}`));
  await sleep(result.warmupSeconds * 1000);
  wire = 0;
  tally.reset();
  summaries.length = 0;
  const started = performance.now();
  await sleep(seconds * 1000);
  result.measuredSeconds = (performance.now() - started) / 1000;
  result.wireBytes = wire;
  result.decodedBytes = tally.bytes;
  result.byEvent = tally.byEvent();
  res.destroy();
  decoder.destroy();
  const perMinute = 60 / Math.max(0.001, result.measuredSeconds);
  result.wireBytesPerMinute = Math.round(result.wireBytes * perMinute);
  result.decodedBytesPerMinute = Math.round(result.decodedBytes * perMinute);
  const first = summaries[0];
  const last = summaries[summaries.length - 1];
  if (last) result.studio = { channels: last.channels, viewers: last.viewers, callbacksPerMinute: last.callbacksPerMinute };
  if (first && last && last.now > first.now) result.callbacksPerSecond = ((last.simulatorSent - first.simulatorSent) * 1000) / (last.now - first.now);
  if (!snapshotSeen) result.problems.push('no snapshot message at the start of the stream');
}

/** Runs the demo on a data folder of its own and measures one channels-view tab's stream. */
export async function measureStream(run: BenchRun): Promise<StreamResult> {
  const { config } = run.r;
  const dataDir = path.join(run.tmp, 'stream-data');
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const args = ['demo', '--data-dir', dataDir, '--admin-token', token];
  const result: StreamResult = {
    command: 'cli demo --data-dir <tmp> --admin-token <random>',
    path: STREAM_PATH,
    acceptEncoding: BROWSER_ACCEPT_ENCODING,
    contentEncoding: null,
    warmupSeconds: config.streamWarmupSeconds,
    measuredSeconds: 0,
    snapshotBytes: 0,
    wireBytes: 0,
    decodedBytes: 0,
    wireBytesPerMinute: 0,
    decodedBytesPerMinute: 0,
    byEvent: {},
    studio: null,
    callbacksPerSecond: null,
    problems: [],
  };
  say(`stream: the demo's studio, ${STREAM_PATH} read ${config.streamWarmupSeconds} s warm-up + ${config.streamSeconds} s counted`);
  // demo.ts makes a temporary folder even when given --data-dir: let it make it in ours, which
  // the bench removes, not in the system's (the child takes the environment when it starts).
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = run.tmp;
  let started: Awaited<ReturnType<typeof startCli>>;
  try {
    started = await startCli(args);
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  const { server, admin } = started;
  try {
    if (admin === null) throw new Error('admin URL not found in the demo output');
    await readStream(admin, token, result, config.streamSeconds);
  } catch (err) {
    result.problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    await server.stop();
  }
  return result;
}
