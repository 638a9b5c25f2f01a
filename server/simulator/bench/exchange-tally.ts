// What the bench's loads of single exchanges (a connection per request: fresh-load.ts,
// paced-load.ts) share: how each request is made, and how its outcome is counted.

import { exchange } from '../http-exchange';

export interface ExchangeOptions {
  url: URL;
  /** Per exchange: no bytes for this long and it counts as a timeout. */
  timeoutMs: number;
  /** The bytes of the next request (the full HTTP request: head and body). */
  nextRequest: () => Buffer;
  onReply?: (statusCode: number, body: string) => void;
}

export interface ExchangeTally {
  /** Replies read in full, whatever their status. */
  replies: number;
  /** Replies by HTTP status code. */
  statusCodes: Record<string, number>;
  /** Exchanges that failed without a reply (refused, reset, cut short), timeouts apart. */
  errors: number;
  timeouts: number;
  firstError: string | null;
}

/** http-exchange.ts words its idle timeout this way. */
const TIMEOUT_MESSAGE = /^no reply within/;

export function emptyTally(): ExchangeTally {
  return { replies: 0, statusCodes: {}, errors: 0, timeouts: 0, firstError: null };
}

/** One exchange of `request`; resolves whether it was answered, counted either way. */
export async function exchangeCounted(options: ExchangeOptions, request: Buffer, tally: ExchangeTally): Promise<boolean> {
  try {
    const reply = await exchange(options.url, request, options.timeoutMs);
    tally.replies++;
    const code = String(reply.statusCode);
    tally.statusCodes[code] = (tally.statusCodes[code] ?? 0) + 1;
    options.onReply?.(reply.statusCode, reply.body);
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (TIMEOUT_MESSAGE.test(message)) tally.timeouts++;
    else tally.errors++;
    tally.firstError ??= message;
    return false;
  }
}
