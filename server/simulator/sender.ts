// Sends callbacks to the business URL the way a media server's connection pool would: plain
// http, keep-alive sockets, at most `maxInFlight` requests at once, the rest queued in order.

import http from 'node:http';
import { encodeRequest, parseReply } from './wire';
import type { Answer, CallbackMethod } from './wire';

export interface SenderOptions {
  url: string;
  method: CallbackMethod;
  maxInFlight?: number;
  timeoutMs?: number;
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
  private readonly agent: http.Agent;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;
  private readonly queue: Array<() => void> = [];
  private inFlight = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: SenderOptions) {
    this.url = parseCallbackUrl(options.url);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 32);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: this.maxInFlight });
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

  /** Drops what is still queued, waits for requests on the wire, closes the sockets. */
  async close(): Promise<void> {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const start of queued) start();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.agent.destroy();
  }

  private release(): void {
    this.inFlight--;
    const next = this.queue.shift();
    if (next) next();
    else if (this.inFlight === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private request(data: string): Promise<Answer> {
    const wire = encodeRequest(this.options.method, this.url, data);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port === '' ? 80 : Number(this.url.port),
          method: wire.method,
          path: wire.path,
          headers: { ...wire.headers, host: this.url.host },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(parseReply(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no reply within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(wire.body);
    });
  }
}
