import { describe, expect, it } from 'vitest';
import { steadyClock } from '../../server/main/clock';

function fakeSources(start: number) {
  const t = { wall: start, mono: 0, jumps: [] as number[] };
  const clock = steadyClock({ wall: () => t.wall, monotonic: () => t.mono, onJump: (d) => t.jumps.push(d) });
  const advance = (ms: number): void => {
    t.wall += ms;
    t.mono += ms;
  };
  return { t, clock, advance };
}

describe('steady clock', () => {
  it('follows the wall clock while it runs normally', () => {
    const { clock, advance } = fakeSources(1_000_000);
    expect(clock()).toBe(1_000_000);
    advance(60_000);
    expect(clock()).toBe(1_060_000);
  });

  it('ignores the system clock set forward by an hour, and says so once', () => {
    const { t, clock, advance } = fakeSources(1_000_000);
    clock();
    advance(10_000);
    t.wall += 3_600_000;
    expect(clock()).toBe(1_010_000);
    advance(5_000);
    expect(clock()).toBe(1_015_000);
    expect(t.jumps).toEqual([3_600_000]);
  });

  it('never goes backwards when the system clock is set back', () => {
    const { t, clock, advance } = fakeSources(1_000_000);
    clock();
    advance(30_000);
    t.wall -= 600_000;
    expect(clock()).toBe(1_030_000);
    advance(1_000);
    expect(clock()).toBe(1_031_000);
    expect(t.jumps).toEqual([-600_000]);
  });

  it('follows small corrections without calling them jumps', () => {
    const { t, clock, advance } = fakeSources(1_000_000);
    clock();
    advance(60_000);
    t.wall += 800;
    expect(clock()).toBe(1_060_800);
    expect(t.jumps).toEqual([]);
  });
});
