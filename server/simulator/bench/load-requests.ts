// The measured load's requests, on the 2.9.6 wire (wire.ts): every live session's next
// once-a-minute USER_PLAYING, a signed form POST (`data=…&sign=…`, factory key) with the
// headers 2.9.6 writes. The ceiling and our server get the same bytes.
//
// `ts`: one pass over the sessions is their next report, one simulated minute after the last,
// so no request repeats an earlier (userId, ts): the server counts every one (a repeated `ts`
// is a retry it skips). A run starts at the `ts` the previous one left off at (`nextTs`), so
// runs that follow each other over the same sessions never repeat one either.

import { Action } from '../../contract';
import { buildData, requestBytes } from '../wire';

export type Session = [userId: string, channelId: string];

/** keepalive: connections kept open and reused (autocannon); fresh: one per request, as 2.9.6. */
export type ConnectionMode = 'keepalive' | 'fresh';
export const CONNECTION_MODES: readonly ConnectionMode[] = ['keepalive', 'fresh'];

/** Seconds between two reports of one session: USER_PLAYING comes once a minute. */
export const REPORT_INTERVAL_SECONDS = 60;

/** A minute of watching at 1-4 Mbit/s, varied per session so the bodies differ like real ones. */
function dischargeFor(index: number): number {
  return 7_500_000 + ((index * 2_654_435_761) % 22_500_000);
}

export class PlayingReports {
  private sent = 0;

  /** @param firstTs the `ts` of the first pass; later passes are a minute apart. */
  constructor(
    private readonly sessions: readonly Session[],
    private readonly firstTs: number,
  ) {
    if (sessions.length === 0) throw new Error('no sessions to report for');
  }

  /** The next report's `data` JSON, as 2.9.6 builds it. */
  nextData(): string {
    const index = this.sent % this.sessions.length;
    const ts = this.firstTs + REPORT_INTERVAL_SECONDS * Math.floor(this.sent / this.sessions.length);
    this.sent++;
    const [userId, channelId] = this.sessions[index] as Session;
    return buildData(Action.AEC_LIVE_USER_PLAYING, ts, { userId, channelId, time: ts, discharge: dischargeFor(index) });
  }

  /** Reports handed out so far. */
  get count(): number {
    return this.sent;
  }

  /** A `ts` later than every one handed out so far: where the next run over these sessions starts. */
  get nextTs(): number {
    const passes = Math.max(1, Math.ceil(this.sent / this.sessions.length));
    return this.firstTs + REPORT_INTERVAL_SECONDS * passes;
  }
}

/**
 * The headers 2.9.6 writes, in its order, read back from `requestBytes` so that there is one
 * source of them. `Content-Length` is left out: a client library that builds the request (such
 * as autocannon) computes it for each body.
 */
export function wireHeaders(url: URL): Record<string, string> {
  const bytes = requestBytes(url, '{}');
  const head = bytes.subarray(0, bytes.indexOf('\r\n\r\n')).toString('latin1');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (name.toLowerCase() !== 'content-length') headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}
