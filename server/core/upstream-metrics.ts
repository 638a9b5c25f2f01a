// Forward mode's /metrics series: how the studio's eventCenter answers, how often we fell back,
// what its replies cost (rewritten, unreadable, dangerous), and what waits to be replayed.
// Present in standalone mode too, at 0 with aec_upstream_configured 0, so alert rules never
// see a series appear from nowhere.

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { UpstreamHealthTracker } from './upstream-health';

const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface UpstreamMetricsSource {
  tracker: UpstreamHealthTracker;
  configured(): boolean;
  pendingReplays(): number;
}

/** Registers the series; the returned function records one answer time. */
export function registerUpstreamMetrics(registry: Registry, source: UpstreamMetricsSource): (latencyMs: number) => void {
  const latency = new Histogram({
    name: 'aec_upstream_seconds',
    help: "Forward mode: time the studio's eventCenter took to answer a forwarded callback",
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: (s: UpstreamMetricsSource) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(source));
      },
    });
  };
  const counter = (name: string, help: string, labels: readonly string[], read: (s: UpstreamMetricsSource) => number | Record<string, number>): void => {
    new Counter({
      name,
      help,
      labelNames: labels,
      registers: [registry],
      collect() {
        this.reset();
        const values = read(source);
        if (typeof values === 'number') this.inc(values);
        else for (const [label, value] of Object.entries(values)) this.inc({ [labels[0]!]: label }, value);
      },
    });
  };
  gauge('aec_upstream_configured', "1 in forward mode (an eventCenter is set), 0 standalone", (s) => (s.configured() ? 1 : 0));
  gauge('aec_upstream_up', "Forward mode: 1 while the eventCenter's last answer came in time, 0 while it fails", (s) => (s.configured() && s.tracker.isUp ? 1 : 0));
  gauge('aec_upstream_pending_replays', 'Forward mode: teardowns answered by fallback, waiting to be delivered to the eventCenter', (s) => s.pendingReplays());
  counter('aec_upstream_requests_total', 'Forward mode: callbacks sent to the eventCenter, by outcome (answered, failed: refused, timed out, garbage)', ['outcome'], (s) => ({
    answered: s.tracker.totals.answered,
    failed: s.tracker.totals.failed,
  }));
  counter('aec_upstream_fallbacks_total', 'Forward mode: callbacks answered by a fallback because the eventCenter gave no usable answer in time', [], (s) => s.tracker.totals.fallbacks);
  counter('aec_upstream_replies_total', "Forward mode: eventCenter replies 2.9.6 could not read, by what happened (rewritten, unreadable: sent as they were, dangerous: an error index that crashes the media server, always rewritten)", ['kind'], (s) => ({
    rewritten: s.tracker.rewrittenReplies,
    unreadable: s.tracker.unreadableReplies,
    dangerous: s.tracker.dangerousReplies,
  }));
  return (latencyMs) => latency.observe(latencyMs / 1000);
}
