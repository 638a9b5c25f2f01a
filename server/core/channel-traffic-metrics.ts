// Viewer bytes and viewer-minutes for Prometheus, per channel type and per channel. Per-channel
// series are capped by the setting metricsChannelLabels: the busiest channels keep a series of
// their own, everything else is summed into channel="other", so a studio with 10,000 channels
// does not hand Prometheus 10,000 series. Every series only ever grows: a channel that loses its
// label hands its count to "other", and one that gains a label starts from zero, so no counter
// ever goes backwards and rate() stays right across the moves.

import type { ChannelType } from '../contract';
import type { Change } from '../domain';
import type { ChangeObserver } from './monitor';

export interface TrafficTally {
  bytes: number;
  viewerMinutes: number;
}

/** The label of the per-channel series that sums every channel without a series of its own. */
export const OTHER_CHANNELS = 'other';
/** Labels move at most this often, so a scrape every few seconds does not churn series. */
const REBALANCE_MS = 60_000;

const zero = (): TrafficTally => ({ bytes: 0, viewerMinutes: 0 });

export interface ChannelTrafficSources {
  typeOf(channelId: string): ChannelType;
  /** How many channels may have a series of their own (metricsChannelLabels). */
  labelLimit(): number;
  now(): number;
}

export class ChannelTrafficMetrics implements ChangeObserver {
  private readonly byType = new Map<ChannelType, TrafficTally>();
  /** Counted since the channel got its label. */
  private readonly labelled = new Map<string, TrafficTally>();
  private readonly other = zero();
  /** Activity since the last rebalance: what "busiest" means. */
  private recent = new Map<string, number>();
  private lastRebalanceAt: number;

  constructor(private readonly sources: ChannelTrafficSources) {
    this.lastRebalanceAt = sources.now();
  }

  observe(change: Change): void {
    if (change.op === 'viewerReport') this.add(change.channelId, change.bytes, change.counted ? 1 : 0);
    else if (change.op === 'viewerEnd') this.add(change.channelId, change.bytes, 0);
  }

  /** Totals per channel type since start. */
  channelTypes(): [ChannelType, TrafficTally][] {
    return [...this.byType];
  }

  /** Totals per labelled channel, plus "other"; labels move to the busiest channels first. */
  channels(): [string, TrafficTally][] {
    this.rebalanceIfDue();
    return [...this.labelled, [OTHER_CHANNELS, this.other]];
  }

  private add(channelId: string, rawBytes: number, minutes: number): void {
    const bytes = Number.isFinite(rawBytes) && rawBytes > 0 ? rawBytes : 0;
    if (bytes === 0 && minutes === 0) return;
    const type = this.sources.typeOf(channelId);
    let byType = this.byType.get(type);
    if (!byType) this.byType.set(type, (byType = zero()));
    let tally = this.labelled.get(channelId);
    if (!tally && this.labelled.size < this.sources.labelLimit()) this.labelled.set(channelId, (tally = zero()));
    for (const target of [byType, tally ?? this.other]) {
      target.bytes += bytes;
      target.viewerMinutes += minutes;
    }
    // Bytes rank channels; a minute counts as one byte so zero-byte reports still show activity.
    this.recent.set(channelId, (this.recent.get(channelId) ?? 0) + bytes + minutes);
  }

  private rebalanceIfDue(): void {
    const limit = Math.max(0, this.sources.labelLimit());
    const now = this.sources.now();
    if (now - this.lastRebalanceAt < REBALANCE_MS && this.labelled.size <= limit) return;
    this.lastRebalanceAt = now;
    const activity = this.recent;
    this.recent = new Map();
    const busiest = [...activity].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    // The busiest of the last period first, then quiet holders keep theirs while slots remain.
    const quietHolders = [...this.labelled.keys()].filter((id) => !activity.has(id));
    const keep = new Set([...busiest, ...quietHolders].slice(0, limit));
    for (const [id, tally] of this.labelled) {
      if (keep.has(id)) continue;
      this.other.bytes += tally.bytes;
      this.other.viewerMinutes += tally.viewerMinutes;
      this.labelled.delete(id);
    }
    for (const id of keep) if (!this.labelled.has(id)) this.labelled.set(id, zero());
  }
}
