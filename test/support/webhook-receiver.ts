// A loopback stand-in for a chat bot or any webhook receiver: records every POST and answers
// as scripted (by default the way the real bot answers a good message).

import { createServer, type Server } from 'node:http';
import type { WebhookFormat } from '../../server/contract';

export interface ReceivedPost {
  path: string;
  contentType: string;
  body: unknown;
}

export interface ScriptedAnswer {
  status: number;
  body: string;
}

/** What each receiver answers to a message it took. */
export const ACCEPTED: Readonly<Record<WebhookFormat, ScriptedAnswer>> = {
  json: { status: 204, body: '' },
  wecom: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  dingtalk: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  feishu: { status: 200, body: '{"code":0,"data":{},"msg":"success"}' },
  slack: { status: 200, body: 'ok' },
};

export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  received: ReceivedPost[];
  /** Resolves with the n-th POST (1-based) once it has arrived. */
  nth(n: number): Promise<ReceivedPost>;
  /** The answer to the n-th POST; defaults to `ACCEPTED.json`. */
  answer: (n: number, post: ReceivedPost) => ScriptedAnswer;
  close(): Promise<void>;
}

export async function startReceiver(answer: WebhookReceiver['answer'] = () => ACCEPTED.json): Promise<WebhookReceiver> {
  const waiters = new Map<number, (post: ReceivedPost) => void>();
  const receiver: WebhookReceiver = {
    origin: '',
    received: [],
    answer,
    nth: (n) => {
      const seen = receiver.received[n - 1];
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.set(n, resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: the test will say what arrived
      }
      const post: ReceivedPost = { path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body };
      receiver.received.push(post);
      const n = receiver.received.length;
      const reply = receiver.answer(n, post);
      res.writeHead(reply.status, { 'Content-Type': reply.body.startsWith('{') ? 'application/json' : 'text/plain' });
      res.end(reply.body);
      waiters.get(n)?.(post);
      waiters.delete(n);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no port');
  receiver.origin = `http://127.0.0.1:${address.port}`;
  return receiver;
}
