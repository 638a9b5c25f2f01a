// Prometheus metrics served on the callback listener's /metrics: what a traffic monitor needs
// (callbacks, answer times against the budget, viewer traffic per channel type and per busy
// channel, the live counts) and what tells the operator the data folder keeps up (journal fsync
// and snapshot times, store faults). build/grafana and build/prometheus use these names; a test
// checks that every name they use is exported here.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { familyOf } from '../contract';
import type { StoreActivity } from '../store';
import type { ChannelTrafficMetrics } from './channel-traffic-metrics';

/** Where the gauges read the live state; each is called once per scrape. */
export interface MetricsSources {
  viewers(): number;
  liveChannels(): number;
  uploaders(): number;
  activeCalls(): number;
  chatRooms(): number;
  answeredBeforeDurable(): number;
  answerBudgetMs(): number;
  /** True while the journal cannot be written. */
  storeFailing(): boolean;
  /** Problems the store found on start (a corrupt file moved aside, unreadable journal lines). */
  storeProblemsAtStart: number;
  now(): number;
}

const LATENCY_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FSYNC_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const SNAPSHOT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Callbacks of one action by decision, in plain numbers: prom-client hashed the labels of every
 * increment (two counters a callback, 0.4 us and 0.8 KB of garbage each time); the counters
 * read these at each scrape instead.
 */
interface ActionTally {
  label: string;
  family: string;
  allow: number;
  deny: number;
}

/** Action names remembered with their tallies; past this many (junk names) they are counted by label. */
const MAX_CACHED_ACTIONS = 500;

export class CallbackMetrics {
  readonly registry = new Registry();
  /** Counted in plain numbers per action, published at each scrape (see ActionTally). */
  private readonly tallies = new Map<string, ActionTally>();
  private readonly callbacks = new Counter({
    name: 'aec_callbacks_total',
    help: 'AEC callbacks answered, by action and decision',
    labelNames: ['action', 'decision'] as const,
    registers: [this.registry],
    collect: () => this.publishTallies(),
  });
  private readonly families = new Counter({
    name: 'aec_callbacks_by_family_total',
    help: 'AEC callbacks answered, by action family (live, chatroom, group, voip, push, access, unknown) and decision',
    labelNames: ['family', 'decision'] as const,
    registers: [this.registry],
    collect: () => this.publishTallies(),
  });
  private readonly latency = new Histogram({
    name: 'aec_callback_seconds',
    help: 'Time to answer an AEC callback, durable write included',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly overBudget = new Counter({
    name: 'aec_answers_over_budget_total',
    help: 'Callbacks answered later than the answer budget (answerBudgetMs): the process itself was too slow',
    registers: [this.registry],
  });
  private readonly fsync = new Histogram({
    name: 'aec_journal_fsync_seconds',
    help: 'Time of one journal fdatasync (one group commit)',
    buckets: FSYNC_BUCKETS,
    registers: [this.registry],
  });
  private readonly syncedRecords = new Counter({
    name: 'aec_journal_synced_records_total',
    help: 'Journal records made durable; divided by the fsync count it gives the group-commit size',
    registers: [this.registry],
  });
  private readonly snapshot = new Histogram({
    name: 'aec_snapshot_seconds',
    help: 'Time to write one snapshot of the state (serialise, write, fsync, rename)',
    buckets: SNAPSHOT_BUCKETS,
    registers: [this.registry],
  });
  private readonly storeFaults = new Counter({
    name: 'aec_store_faults_total',
    help: 'Data folder faults: journal write failures (one per failing streak), failed snapshots, problems found on start',
    labelNames: ['part'] as const,
    registers: [this.registry],
  });
  private readonly snapshotBlock = new Gauge({
    name: 'aec_snapshot_event_loop_block_seconds',
    help: 'Longest event-loop block during the last snapshot: how long a callback could wait behind it',
    registers: [this.registry],
  });
  private lastCallbackAt: number | null = null;
  private readonly startedAt: number;

  constructor(
    private readonly sources: MetricsSources,
    traffic: ChannelTrafficMetrics,
  ) {
    this.startedAt = sources.now();
    collectDefaultMetrics({ register: this.registry });
    for (const part of ['journal', 'snapshot', 'startup'] as const) this.storeFaults.inc({ part }, 0);
    this.storeFaults.inc({ part: 'startup' }, sources.storeProblemsAtStart);
    this.syncedRecords.inc(0);
    this.overBudget.inc(0);
    registerStateGauges(this.registry, sources, () => this.secondsSinceLastCallback());
    registerTrafficCounters(this.registry, traffic);
  }

  handled(action: string, allowed: boolean, latencyMs: number): void {
    const tally = this.tallyOf(action);
    if (allowed) tally.allow += 1;
    else tally.deny += 1;
    this.latency.observe(latencyMs / 1000);
    if (latencyMs > this.sources.answerBudgetMs()) this.overBudget.inc();
    this.lastCallbackAt = this.sources.now();
  }

  /** The tally of one action, found once by its name (past MAX_CACHED_ACTIONS names, by its label). */
  private tallyOf(action: string): ActionTally {
    const known = this.tallies.get(action);
    if (known) return known;
    // Unknown actions would make label cardinality unbounded.
    const label = /^AEC_[A-Z_]{1,60}$/.test(action) ? action : 'other';
    const family = familyOf(action);
    const key = this.tallies.size < MAX_CACHED_ACTIONS ? action : `${label}\n${family}`;
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = { label, family, allow: 0, deny: 0 }));
    return tally;
  }

  /** Sets both callback counters from the tallies; a series appears once it counted one callback. */
  private publishTallies(): void {
    this.callbacks.reset();
    this.families.reset();
    for (const tally of this.tallies.values()) {
      for (const decision of ['allow', 'deny'] as const) {
        const count = tally[decision];
        if (count === 0) continue;
        this.callbacks.inc({ action: tally.label, decision }, count);
        this.families.inc({ family: tally.family, decision }, count);
      }
    }
  }

  storeActivity(activity: StoreActivity): void {
    if (activity.kind === 'journalSync') {
      this.fsync.observe(activity.seconds);
      this.syncedRecords.inc(activity.records);
    } else if (activity.kind === 'snapshot') {
      this.snapshot.observe(activity.seconds);
    } else {
      this.storeFaults.inc({ part: activity.part });
    }
  }

  /** The longest event-loop block seen while the last snapshot was taken and written. */
  snapshotBlocked(seconds: number): void {
    this.snapshotBlock.set(seconds);
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Since the last callback, or since start when none came yet: silence from the start counts. */
  private secondsSinceLastCallback(): number {
    return Math.max(0, (this.sources.now() - (this.lastCallbackAt ?? this.startedAt)) / 1000);
  }
}

function registerStateGauges(registry: Registry, sources: MetricsSources, silentSeconds: () => number): void {
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge('aec_viewer_sessions', 'Viewer sessions now', sources.viewers);
  gauge('aec_live_channels', 'Channels with a live uploader', sources.liveChannels);
  gauge('aec_uploaders', 'Uploaders now', sources.uploaders);
  gauge('aec_active_calls', 'One-to-one calls in progress', sources.activeCalls);
  gauge('aec_chat_rooms', 'Chat rooms known and not deleted', sources.chatRooms);
  gauge('aec_seconds_since_last_callback', 'Seconds since the media server last called (since start when it has not called yet)', silentSeconds);
  gauge('aec_answer_budget_seconds', 'The answer budget in effect (answerBudgetMs): every callback is answered within it', () => sources.answerBudgetMs() / 1000);
  gauge('aec_store_failing', '1 while the journal cannot be written (changes are kept in memory and retried)', () => (sources.storeFailing() ? 1 : 0));
  new Counter({
    name: 'aec_answered_before_durable_total',
    help: 'Callbacks answered at the answer budget before their change was on disk (the disk was slow)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.answeredBeforeDurable());
    },
  });
}

/** Counters whose values live in ChannelTrafficMetrics: set from it at each scrape. */
function registerTrafficCounters(registry: Registry, traffic: ChannelTrafficMetrics): void {
  const counter = (name: string, help: string, label: string, rows: () => [string, { bytes: number; viewerMinutes: number }][], pick: 'bytes' | 'viewerMinutes'): void => {
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [key, tally] of rows()) this.inc({ [label]: key }, tally[pick]);
      },
    });
  };
  counter('aec_viewer_bytes_total', 'Bytes viewers consumed (PLAYING and OFFLINE discharge), by channel type', 'channel_type', () => traffic.channelTypes(), 'bytes');
  counter('aec_viewer_minutes_total', 'Viewer-minutes (counted PLAYING reports), by channel type', 'channel_type', () => traffic.channelTypes(), 'viewerMinutes');
  const channels = (): [string, { bytes: number; viewerMinutes: number }][] => traffic.channels();
  counter('aec_channel_viewer_bytes_total', 'Bytes viewers consumed, for the busiest channels (metricsChannelLabels) and channel="other" for the rest', 'channel', channels, 'bytes');
  counter('aec_channel_viewer_minutes_total', 'Viewer-minutes, for the busiest channels (metricsChannelLabels) and channel="other" for the rest', 'channel', channels, 'viewerMinutes');
}
