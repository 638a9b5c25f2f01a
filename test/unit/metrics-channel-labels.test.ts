// Per-channel Prometheus series are capped: the busiest channels keep their own, the rest are
// summed into channel="other", and no series ever goes backwards when a channel moves.

import { describe, expect, it } from 'vitest';
import type { ChannelType } from '../../server/contract';
import { ChannelTrafficMetrics, OTHER_CHANNELS } from '../../server/core/channel-traffic-metrics';

function setup(limit: number) {
  let now = 1_700_000_000_000;
  let labels = limit;
  const types: Record<string, ChannelType> = {};
  const metrics = new ChannelTrafficMetrics({ typeOf: (id) => types[id] ?? 'unknown', labelLimit: () => labels, now: () => now });
  const play = (channelId: string, bytes: number, type: ChannelType = 'GLOBAL_PUBLIC'): void => {
    types[channelId] = type;
    metrics.observe({ op: 'viewerReport', channelId, userId: 'u', at: now, bytes, counted: true });
  };
  const series = (): Map<string, { bytes: number; viewerMinutes: number }> => new Map(metrics.channels().map(([id, t]) => [id, { ...t }]));
  return {
    metrics,
    play,
    series,
    later: (ms: number) => (now += ms),
    setLimit: (n: number) => (labels = n),
  };
}

const totalOf = (series: Map<string, { bytes: number }>): number => [...series.values()].reduce((n, t) => n + t.bytes, 0);

describe('per-channel traffic series', () => {
  it('gives the first channels their own series up to the limit and sums the rest into "other"', () => {
    const t = setup(2);
    t.play('a', 100);
    t.play('b', 200);
    t.play('c', 300);
    t.play('d', 400, 'LOGIN_PUBLIC');
    const series = t.series();
    expect([...series.keys()].sort()).toEqual(['a', 'b', OTHER_CHANNELS]);
    expect(series.get(OTHER_CHANNELS)).toEqual({ bytes: 700, viewerMinutes: 2 });
    expect(totalOf(series)).toBe(1000);
    expect(new Map(t.metrics.channelTypes())).toEqual(
      new Map([
        ['GLOBAL_PUBLIC', { bytes: 600, viewerMinutes: 3 }],
        ['LOGIN_PUBLIC', { bytes: 400, viewerMinutes: 1 }],
      ]),
    );
  });

  it('moves the labels to the busiest channels once a minute, never making a series smaller', () => {
    const t = setup(2);
    t.play('quiet-1', 10);
    t.play('quiet-2', 10);
    t.play('busy-1', 5_000);
    t.play('busy-2', 9_000);
    const before = t.series();
    t.later(61_000);
    const after = t.series();
    expect([...after.keys()].sort()).toEqual(['busy-1', 'busy-2', OTHER_CHANNELS]);
    // The quiet channels' counts went into "other"; the busy ones start their own series at zero.
    expect(after.get(OTHER_CHANNELS)!.bytes).toBeGreaterThanOrEqual(before.get(OTHER_CHANNELS)!.bytes);
    expect(totalOf(after)).toBe(totalOf(before));
    t.play('busy-2', 1_000);
    expect(t.series().get('busy-2')).toEqual({ bytes: 1_000, viewerMinutes: 1 });
    expect(totalOf(t.series())).toBe(15_020);
  });

  it('keeps a quiet channel its series while no busier one wants the slot', () => {
    const t = setup(2);
    t.play('a', 100);
    t.play('b', 100);
    t.later(61_000);
    t.play('a', 50);
    t.later(61_000);
    expect([...t.series().keys()].sort()).toEqual(['a', 'b', OTHER_CHANNELS]);
  });

  it('drops to the new limit at the next scrape when the setting is lowered, and to none at 0', () => {
    const t = setup(3);
    t.play('a', 1);
    t.play('b', 2);
    t.play('c', 3);
    t.setLimit(1);
    expect([...t.series().keys()].sort()).toEqual(['c', OTHER_CHANNELS]);
    t.setLimit(0);
    const series = t.series();
    expect([...series.keys()]).toEqual([OTHER_CHANNELS]);
    expect(series.get(OTHER_CHANNELS)!.bytes).toBe(6);
  });
});
