// Step two: the listener the media server calls.

import type { Server } from 'node:http';
import { createCallbackListener } from '../http/callback/app';
import { limitConnections } from '../http/callback/connection-limit';
import { aecurlLines, localUrl } from './lan';
import { closeServer, listen } from './listen';
import type { ForwardMode } from './forward-mode';
import type { Cleanup, Core } from './open-core';

export interface CallbackListener {
  server: Server;
  /** A URL that reaches it from this machine, e.g. http://127.0.0.1:9900/ */
  url: string;
  /** The `aecurl=` lines to paste into starrtc.conf, one per LAN address. */
  aecurlLines: string[];
}

export async function startCallbackListener(core: Core, forward: ForwardMode, cleanup: Cleanup): Promise<CallbackListener> {
  const { settings, monitor, audit, metrics, now } = core;
  const started = settings.view();
  const app = createCallbackListener({
    monitor,
    allowList: () => settings.allowList(),
    maxBodyBytes: started.maxBodyBytes,
    audit,
    signPolicy: () => settings.signPolicy,
    answerBudgetMs: () => settings.answerBudgetMs,
    forward: forward.deps,
    metrics: () => metrics.text(),
    onHandled: (action, allowed, latency, at) => {
      // Every answer counts, also those refused before a decision (bad sign, unreadable data).
      monitor.stats.record(at, !allowed);
      metrics.handled(action, allowed, latency);
    },
    now,
  });
  const bound = await listen(app, started.callbackHost, started.callbackPort, '--callback-port');
  limitConnections(bound.server, started.maxConnectionsPerClient);
  cleanup.push(() => closeServer(bound.server));
  return { server: bound.server, url: localUrl(started.callbackHost, bound.port), aecurlLines: aecurlLines(started.callbackHost, bound.port) };
}
