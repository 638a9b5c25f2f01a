// Round axis steps and what a chart says in words (renderer/src/lib/niceScale.ts, charts/seriesStats.ts).
import { describe, expect, it } from 'vitest';
import { niceMax, niceStep } from '../../renderer/src/lib/niceScale';
import { finishedOnly, seriesStats } from '../../renderer/src/components/charts/seriesStats';

const MiB = 1024 * 1024;

describe('axis steps', () => {
  it('steps bytes by 1, 2 or 5 of the binary unit of the largest value', () => {
    expect(niceStep(750 * MiB, 4, 'bytes')).toBe(200 * MiB);
    expect(niceStep(3 * 1024 * MiB, 4, 'bytes')).toBe(1024 * MiB);
    expect(niceStep(900, 4, 'bytes')).toBe(500);
  });

  it('steps counts by whole numbers and tops the axis at a multiple of the step', () => {
    expect(niceStep(7, 4, 'count')).toBe(2);
    expect(niceStep(2, 4, 'count')).toBe(1);
    expect(niceMax(7, 2)).toBe(8);
    expect(niceStep(0, 4, 'count')).toBe(1);
  });
});

describe('series in words', () => {
  it('leaves out the running bucket, which would always look like a drop', () => {
    const now = 10 * 60_000 + 30_000;
    const points = [8, 9, 10].map((m) => ({ t: m * 60_000, value: 5 }));
    expect(finishedOnly(points, 60_000, now).map((p) => p.t)).toEqual([8 * 60_000, 9 * 60_000]);
  });

  it('names the peak and averages only the buckets with something in them', () => {
    const stats = seriesStats([
      { t: 1, value: 0 },
      { t: 2, value: 4 },
      { t: 3, value: 8 },
      { t: 4, value: 6 },
    ]);
    expect(stats.peak).toEqual({ t: 3, value: 8 });
    expect(stats.average).toBe(6);
    expect(stats.latest).toEqual({ t: 4, value: 6 });
    expect(seriesStats([{ t: 1, value: 0 }]).peak).toBeNull();
  });
});
