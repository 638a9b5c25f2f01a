// The bench's ceiling: bare Koa with @koa/router and @koa/bodyparser answering a form POST with a
// constant reply, and nothing else (the stack our callback listener was first built on; the
// 2.9.6 form now takes our fast lane, past Koa). Whatever our listener reaches is compared with
// this. Run as its own process; prints its URL.
//
// With `--journal <dir>` it is the durable ceiling: the same, but each request first appends a
// USER_PLAYING-sized record to our journal in that folder and is answered once the record is
// fdatasync'ed (group commit), as every answer of ours that changes state is. What separates
// ours from it is our own work; what separates it from the bare ceiling is the disk's.

import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { Journal } from '../../store';
import type { Change } from '../../domain/changes';

const app = new Koa();
const router = new Router();
const reply = JSON.stringify({ status: '1', data: 'ok' });
const journalAt = process.argv.indexOf('--journal');
const journalDir = journalAt === -1 ? undefined : process.argv[journalAt + 1];
const journal = journalDir === undefined ? null : (await Journal.open(journalDir)).journal;

router.post('/aec', async (ctx) => {
  if (journal) await journal.append(recordOf(ctx.request.body), Date.now());
  ctx.type = 'application/json';
  ctx.body = reply;
});

/** A record the size of one USER_PLAYING's: the body's data, not decided, only kept. */
function recordOf(body: unknown): Change[] {
  const data = typeof body === 'object' && body !== null && 'data' in body ? String(body.data) : '';
  return [{ op: 'viewerReport', channelId: 'ceiling', userId: data.slice(0, 40), at: Date.now(), bytes: data.length, counted: true }];
}

app.use(bodyParser({ enableTypes: ['form', 'json'] }));
app.use(router.routes());

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`ceiling listening http://127.0.0.1:${address.port}/aec\n`);
});

const shutdown = (): void => {
  server.close(() => void (journal?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
