import { createServer, type RequestListener, type Server } from 'node:http';
import type Koa from 'koa';

export class ListenError extends Error {}

/** Binds a Koa app or a request listener; a taken port becomes a message naming the port and the flag to change it. */
export function listen(app: Koa | RequestListener, host: string, port: number, flag: string): Promise<{ server: Server; port: number }> {
  // Check header and request deadlines every second, not Node's default 30 s.
  const server = createServer({ connectionsCheckingInterval: 1000 }, typeof app === 'function' ? app : app.callback());
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new ListenError(`port ${port} on ${host} is already in use; pick another with ${flag} <port> (0 picks a free one)`));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES') {
        reject(new ListenError(`cannot listen on ${host}:${port} (${error.code}); check ${flag} and the host flag`));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // SSE streams never go idle: end them so close() can finish.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
