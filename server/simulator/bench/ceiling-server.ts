// The bench's ceiling: bare Koa with @koa/router and @koa/bodyparser answering a form POST with a
// constant reply, and nothing else (the stack our callback listener was first built on; the
// 2.9.6 form now takes our fast lane, past Koa). Whatever our listener reaches is compared with
// this. Run as its own process; prints its URL.

import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';

const app = new Koa();
const router = new Router();
const reply = JSON.stringify({ status: '1', data: 'ok' });

router.post('/aec', (ctx) => {
  ctx.type = 'application/json';
  ctx.body = reply;
});

app.use(bodyParser({ enableTypes: ['form', 'json'] }));
app.use(router.routes());

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`ceiling listening http://127.0.0.1:${address.port}/aec\n`);
});

const shutdown = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
