// Sends callbacks to the business URL the way the 2.9.6 programs do: plain http, a new
// connection per request, at most `maxInFlight` requests at once, the rest queued in order.

import { exchange } from './http-exchange';
import { answerOf, requestBytes } from './wire';
import type { Answer } from './wire';

export interface SenderOptions {
  url: string;
  maxInFlight?: number;
  /** 2.9.6 gives up after about 17 s. */
  timeoutMs?: number;
  /** The key the sign is made with; the factory key 12345678 by default. */
  signKey?: string;
}

/** A queued request that was dropped because the sender closed; it never reached the wire. */
export type SendResult = Answer | { kind: 'cancelled' };

export function parseCallbackUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`not a URL: ${raw}`);
  }
  // The media server speaks plain http only (aecurl=http://...).
  if (url.protocol !== 'http:') throw new Error(`the media server only calls http:// URLs, got ${raw}`);
  return url;
}

export class CallbackSender {
  private readonly url: URL;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;
  private readonly queue: Array<() => void> = [];
  private inFlight = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: SenderOptions) {
    this.url = parseCallbackUrl(options.url);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 32);
    this.timeoutMs = options.timeoutMs ?? 17_000;
  }

  get pending(): number {
    return this.inFlight + this.queue.length;
  }

  /** Sends one `data` JSON string and resolves with the media server's reading of the reply. */
  send(data: string): Promise<SendResult> {
    if (this.closed) return Promise.resolve({ kind: 'cancelled' });
    return new Promise((resolve) => {
      const run = (): void => {
        if (this.closed) {
          resolve({ kind: 'cancelled' });
          this.release();
          return;
        }
        this.request(data).then(resolve, (err: unknown) =>
          resolve({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
        ).finally(() => this.release());
      };
      if (this.inFlight < this.maxInFlight) {
        this.inFlight++;
        run();
      } else {
        this.queue.push(() => {
          this.inFlight++;
          run();
        });
      }
    });
  }

  /** Drops what is still queued and waits for the requests on the wire. */
  async close(): Promise<void> {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const start of queued) start();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private release(): void {
    this.inFlight--;
    const next = this.queue.shift();
    if (next) next();
    else if (this.inFlight === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async request(data: string): Promise<Answer> {
    const reply = await exchange(this.url, requestBytes(this.url, data, this.options.signKey), this.timeoutMs);
    return answerOf(reply.statusCode, reply.body);
  }
}
