import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Caps open connections per client address, and bounds how long a client may take to send
 * its headers and request: a slow or runaway client cannot starve the media server's calls.
 */
export function limitConnections(server: Server, perAddress: number): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
