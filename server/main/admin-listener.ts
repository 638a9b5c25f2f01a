// Step three: the dashboard's listener, its live stream and the operator's API.

import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { SimulatorStatus, Summary, UpstreamHealth } from '../contract';
import type { ChatRoom } from '../domain';
import { callLiveProxy } from '../core/live-proxy';
import { buildSummary } from '../core/summary';
import { createAdminApp } from '../http/admin/app';
import { FailedLogins } from '../http/admin/failed-logins';
import { allowedHosts } from '../http/admin/guard';
import type { BackupControl, SimulatorControl, WebhookTester } from '../http/admin/services';
import { StreamHub } from '../http/admin/stream-hub';
import { toBanRows, toChannelRow } from '../http/admin/views';
import { callRows, channelsByRoom, toCallRow, toChatRoomRow, toGroupRow } from '../http/admin/views-families';
import { newAdminToken } from '../settings/settings-file';
import type { CallbackListener } from './callback-listener';
import { isLoopbackHost, lanAddresses, localUrl } from './lan';
import { closeServer, listen } from './listen';
import type { Cleanup, Core } from './open-core';

export interface AdminListener {
  server: Server;
  hub: StreamHub;
  /** e.g. http://127.0.0.1:9901/ */
  url: string;
  summary: () => Summary;
}

export interface AdminListenerOptions {
  rendererDir: string;
  simulator: () => SimulatorControl | undefined;
  /** Sends the test message of POST /api/webhooks/test. */
  webhooks: WebhookTester;
  /** GET and POST /api/backups. */
  backups: BackupControl;
  /** Forward mode's eventCenter, for the summary; null standalone. */
  upstream: () => UpstreamHealth | null;
}

export async function startAdminListener(core: Core, callback: CallbackListener, options: AdminListenerOptions, cleanup: Cleanup): Promise<AdminListener> {
  const { state, history, settings, monitor, store, audit, now } = core;
  const started = settings.view();
  const startedAt = now();
  const version = packageVersion();
  const simulatorStatus = (): SimulatorStatus =>
    options.simulator()?.status() ?? { available: false, running: false, sent: 0, allowed: 0, denied: 0, errors: 0 };
  const summary = (): Summary =>
    buildSummary(
      {
        version,
        startedAt,
        callbackUrl: callback.url,
        aecurlLines: callback.aecurlLines,
        dataDir: core.dataDir,
        state,
        stats: monitor.stats,
        history,
        store: () => store.health(),
        simulator: simulatorStatus,
        upstream: options.upstream,
      },
      now(),
    );
  const hub = streamHub(core, summary);
  monitor.on('rows', (topic, ids) => hub.rowsChanged(topic, ids));
  monitor.on('bans', () => hub.bansUpdated());
  audit.subscribe((entry) => hub.auditAdded(entry));
  cleanup.push(core.onNotice((notice) => hub.noticeRaised(notice)));

  let port = started.adminPort;
  let hosts: Set<string> | undefined; // known once the port is
  const app = createAdminApp(
    {
      monitor,
      history,
      callHistory: core.callHistory,
      audit,
      hub,
      settings,
      summary,
      adminToken: () => core.adminToken,
      rotateAdminToken: async () => {
        const fresh = newAdminToken();
        await settings.saveAdminToken(fresh);
        core.adminToken = fresh;
        hub.disconnectAll();
        return { dashboardUrl: `${localUrl(started.adminHost, port)}?token=${encodeURIComponent(fresh)}` };
      },
      liveProxy: (verb, channelId) => callLiveProxy(settings.view().liveProxyServer, verb, channelId),
      get simulator() {
        return options.simulator();
      },
      webhooks: options.webhooks,
      backups: options.backups,
      rendererDir: options.rendererDir,
      now,
    },
    {
      hosts: () => (hosts ??= allowedHosts(started.adminHost, port, lanAddresses())),
      // Loopback only: whoever can reach it already has this machine; the LAN gets a lock-out.
      ...(isLoopbackHost(started.adminHost) ? {} : { failedLogins: new FailedLogins() }),
    },
  );
  const bound = await listen(app, started.adminHost, started.adminPort, '--admin-port');
  port = bound.port;
  cleanup.push(() => closeServer(bound.server));
  hub.start();
  cleanup.push(() => hub.stop());
  return { server: bound.server, hub, url: localUrl(started.adminHost, bound.port), summary };
}

/** The live stream's rows per topic, read from the state when a page follows them. */
function streamHub(core: Core, summary: () => Summary): StreamHub {
  const { state, history, now } = core;
  const pick = <T, R>(map: Map<string, T>, ids: Iterable<string>, row: (item: T) => R): R[] =>
    [...ids].flatMap((id) => {
      const item = map.get(id);
      return item ? [row(item)] : [];
    });
  const roomRow = (linked: ReturnType<typeof channelsByRoom>) => (room: ChatRoom) => toChatRoomRow(room, linked.get(room.id) ?? null);
  return new StreamHub({
    summary,
    bans: () => toBanRows(state, now()),
    topics: {
      channels: {
        rows: (ids) => pick(state.channels, ids, (channel) => toChannelRow(state, channel, history, now())),
        all: () => [...state.channels.values()].map((channel) => toChannelRow(state, channel, history, now())),
      },
      chatrooms: {
        rows: (ids) => pick(state.chatRooms, ids, roomRow(channelsByRoom(state))),
        all: () => [...state.chatRooms.values()].map(roomRow(channelsByRoom(state))),
      },
      groups: { rows: (ids) => pick(state.groups, ids, toGroupRow), all: () => [...state.groups.values()].map(toGroupRow) },
      calls: { rows: (ids) => pick(state.calls, ids, toCallRow), all: () => callRows(state) },
    },
  });
}

/** The version in package.json, beside the sources or two folders above the bundle. */
function packageVersion(): string {
  const here = import.meta.dirname;
  for (const candidate of [join(here, '..', '..', 'package.json'), join(here, '..', 'package.json')]) {
    try {
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (sources vs bundle)
    }
  }
  return '0.0.0';
}
