// The server the window, the tray and the notifications follow: the one embedded in the app
// ("This computer") or a headless one on the LAN. main.ts talks to either through this shape.

import type { Notice, Summary } from '../server/contract';
import type { NotificationSwitches } from '../server/alerts/notice-gate';
import type { RunningApp } from '../server/main/app-options';
import { RemoteServer } from './remote-server';
import { THIS_COMPUTER, type SavedServer } from './server-list';

export interface FollowedServer {
  /** "This computer" or the LAN server's host:port. */
  label: string;
  /** null for this computer; the saved server's address otherwise. */
  url: string | null;
  /** What the window loads: the dashboard with its token. */
  dashboardUrl: string;
  /** The latest summary; null until a LAN server first answered. */
  summary(): Summary | null;
  /** Why a LAN server cannot be read right now; null while it can. */
  problem(): string | null;
  notificationSwitches(): Promise<NotificationSwitches>;
  onNotice(listener: (notice: Notice) => void): () => void;
  stop(): void;
}

export function followThisComputer(core: RunningApp): FollowedServer {
  return {
    label: THIS_COMPUTER,
    url: null,
    dashboardUrl: core.dashboardUrl,
    summary: () => core.summary(),
    problem: () => null,
    notificationSwitches: () => Promise.resolve(core.settings().notifications),
    onNotice: (listener) => core.onNotice(listener),
    stop: () => undefined,
  };
}

export function followLanServer(server: SavedServer, pollMs?: number): FollowedServer {
  const remote = new RemoteServer(server, pollMs);
  remote.start();
  return {
    label: server.name,
    url: server.url,
    dashboardUrl: `${server.url}?token=${encodeURIComponent(server.token)}`,
    summary: () => remote.summary(),
    problem: () => remote.problem(),
    notificationSwitches: () => remote.notificationSwitches(),
    onNotice: (listener) => remote.onNotice(listener),
    stop: () => remote.stop(),
  };
}
