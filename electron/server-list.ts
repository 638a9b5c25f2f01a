// The LAN servers the desktop app can follow, remembered in servers.json in its userData folder:
// each with its dashboard address and admin token, and which one the window follows (none:
// "This computer", the server embedded in the app). The file holds tokens, so only its owner
// may read it.

import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

export const SERVERS_FILE = 'servers.json';
export const THIS_COMPUTER = 'This computer';

export interface SavedServer {
  /** What the menus call it: its host and port. */
  name: string;
  /** The admin listener's origin with a trailing slash, e.g. http://192.168.1.20:9901/ */
  url: string;
  token: string;
}

export interface ServerList {
  servers: SavedServer[];
  /** The `url` of the server the window follows; null for this computer. */
  current: string | null;
}

const fileSchema = z.object({
  servers: z.array(z.object({ name: z.string().min(1), url: z.url({ protocol: /^https?$/ }), token: z.string().min(1) })),
  current: z.string().nullable(),
});

export const EMPTY_LIST: ServerList = { servers: [], current: null };

/** The saved list; a missing file is an empty list, an unreadable one too, with the reason. */
export async function loadServerList(file: string): Promise<{ list: ServerList; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { list: EMPTY_LIST, problem: null };
    return { list: EMPTY_LIST, problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    const list = fileSchema.parse(JSON.parse(text));
    const current = list.servers.some((server) => server.url === list.current) ? list.current : null;
    return { list: { servers: list.servers, current }, problem: null };
  } catch {
    return { list: EMPTY_LIST, problem: `${file} is not a server list; starting with none` };
  }
}

/** Written whole to a temporary file, then renamed over: a crash leaves the old list or the new. */
export async function saveServerList(file: string, list: ServerList): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(list, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Adds the server (or replaces the one at the same address) and follows it. */
export function withServer(list: ServerList, server: SavedServer): ServerList {
  return { servers: [...list.servers.filter((s) => s.url !== server.url), server], current: server.url };
}

/** Forgets a server; following it falls back to this computer. */
export function withoutServer(list: ServerList, url: string): ServerList {
  return { servers: list.servers.filter((s) => s.url !== url), current: list.current === url ? null : list.current };
}

/** Follows a saved server, or this computer (null). An unknown address changes nothing. */
export function choose(list: ServerList, url: string | null): ServerList {
  if (url !== null && !list.servers.some((s) => s.url === url)) return list;
  return { ...list, current: url };
}

export function currentServer(list: ServerList): SavedServer | null {
  return list.servers.find((s) => s.url === list.current) ?? null;
}
