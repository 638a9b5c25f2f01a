import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics served on the callback listener's /metrics. */
export class CallbackMetrics {
  readonly registry = new Registry();
  private readonly callbacks = new Counter({
    name: 'aec_callbacks_total',
    help: 'AEC callbacks answered, by action and decision',
    labelNames: ['action', 'decision'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'aec_callback_seconds',
    help: 'Time to answer an AEC callback, durable write included',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(gauges: { viewers: () => number; liveChannels: () => number; uploaders: () => number; answeredBeforeDurable: () => number }) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    };
    gauge('aec_viewer_sessions', 'Viewer sessions now', gauges.viewers);
    gauge('aec_live_channels', 'Channels with a live uploader', gauges.liveChannels);
    gauge('aec_uploaders', 'Uploaders now', gauges.uploaders);
    new Counter({
      name: 'aec_answered_before_durable_total',
      help: 'Callbacks answered at the answer budget before their change was on disk (the disk was slow)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(gauges.answeredBeforeDurable());
      },
    });
  }

  handled(action: string, allowed: boolean, latencyMs: number): void {
    // Unknown actions would make label cardinality unbounded.
    const label = /^AEC_[A-Z_]{1,60}$/.test(action) ? action : 'other';
    this.callbacks.inc({ action: label, decision: allowed ? 'allow' : 'deny' });
    this.latency.observe(latencyMs / 1000);
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
