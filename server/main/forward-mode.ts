// Forward mode's parts, built once and switched by the `upstreamAec` setting (live): the
// eventCenter client, its health, the replayer of teardowns answered by fallback, and what the
// operator is told when it goes down or comes back.

import { SYSTEM_AUDIT_ACTIONS, type UpstreamHealth } from '../contract';
import { systemEntry } from '../core/audit-entry';
import type { ForwardDeps, ForwardSettings, UpstreamPort } from '../core/forward-callback';
import { Replayer } from '../core/replayer';
import { UpstreamHealthTracker } from '../core/upstream-health';
import { registerUpstreamMetrics } from '../core/upstream-metrics';
import { httpUpstream } from '../forward/upstream-client';
import type { Cleanup, Core } from './open-core';

export interface ForwardMode {
  /** The forward deps while an eventCenter is set; undefined in standalone mode. */
  deps: () => ForwardDeps | undefined;
  health: () => UpstreamHealth | null;
  /** Stops the replayer after the replay in flight; what is left is sent after the next start. */
  stop: () => Promise<void>;
}

export function startForwardMode(core: Core, cleanup: Cleanup, upstream: UpstreamPort = httpUpstream('aec-live-monitor (forward mode)')): ForwardMode {
  const { settings, monitor, audit, now } = core;
  let observeLatency: (latencyMs: number) => void = () => undefined;
  const tracker = new UpstreamHealthTracker((latencyMs) => observeLatency(latencyMs));
  const forwardSettings = (): ForwardSettings | undefined => settings.upstream;
  const onTransition = (transition: 'down' | 'up', message: string, at: number): void => {
    audit.record(systemEntry({ at, action: transition === 'down' ? SYSTEM_AUDIT_ACTIONS.upstreamDown : SYSTEM_AUDIT_ACTIONS.upstreamUp, decision: transition === 'down' ? 'error' : 'allow', reason: message }));
    if (transition === 'down') monitor.emit('notice', { kind: 'upstreamDown', message });
    else replayer.upstreamBack();
  };
  const replayer: Replayer = new Replayer({
    monitor,
    upstream,
    forwardSettings,
    audit,
    now,
    onDelivered: (latencyMs, at) => {
      if (tracker.answered(latencyMs, at) === 'up') onTransition('up', `the eventCenter at ${forwardSettings()?.url ?? ''} answers again (a replay was delivered)`, at);
    },
  });
  cleanup.push(() => replayer.stop());
  observeLatency = registerUpstreamMetrics(core.metrics.registry, {
    tracker,
    configured: () => forwardSettings() !== undefined,
    pendingReplays: () => replayer.pending,
  });
  const base: Omit<ForwardDeps, 'forwardSettings'> = {
    monitor,
    upstream,
    health: tracker,
    onTransition,
    onReplayQueued: () => replayer.kick(),
  };
  // Replays left from the last run go out as soon as the eventCenter answers.
  if (forwardSettings() && replayer.pending > 0) replayer.kick();
  settings.onChange(() => {
    if (forwardSettings() && replayer.pending > 0) replayer.kick();
  });
  return {
    deps: () => {
      // One callback sees one set of settings, even if the operator changes them meanwhile.
      const current = forwardSettings();
      return current ? { ...base, forwardSettings: () => current } : undefined;
    },
    health: () => {
      const current = forwardSettings();
      return current ? tracker.view(current.url, now(), replayer.pending) : null;
    },
    stop: () => replayer.stop(),
  };
}
