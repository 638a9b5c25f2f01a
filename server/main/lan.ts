import { networkInterfaces } from 'node:os';

/** IPv4 addresses of this machine that a media server on the LAN can reach. */
export function lanAddresses(): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) addresses.push(entry.address);
    }
  }
  return addresses;
}

/** The exact lines to paste into starrtc.conf, one per address the callback listener is reachable on. */
export function aecurlLines(bindHost: string, port: number, lan: string[] = lanAddresses()): string[] {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const hosts = wildcard ? (lan.length > 0 ? lan : ['127.0.0.1']) : [bindHost];
  return hosts.map((host) => `aecurl=http://${host}:${port}/aec`);
}

/** A URL that reaches the listener from this machine. */
export function localUrl(bindHost: string, port: number): string {
  const host = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return `http://${host}:${port}/`;
}

/** A bind address only this machine can reach; anything else (0.0.0.0 included) is on the network. */
export function isLoopbackHost(bindHost: string): boolean {
  return bindHost === 'localhost' || bindHost === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bindHost);
}
