import { describe, expect, it } from 'vitest';
import { isServingMediaServer, KeepAwake, SERVING_WINDOW_MS } from '../../electron/keep-awake';

describe('keep awake', () => {
  it('counts as serving while the media server called within the last few minutes', () => {
    const now = 1_760_000_000_000;
    expect(isServingMediaServer({ now, lastCallbackAt: null })).toBe(false);
    expect(isServingMediaServer({ now, lastCallbackAt: now - 60_000 })).toBe(true);
    expect(isServingMediaServer({ now, lastCallbackAt: now - SERVING_WINDOW_MS })).toBe(false);
  });

  it('holds one prevent-app-suspension blocker exactly while serving', () => {
    const calls: string[] = [];
    let next = 0;
    const keep = new KeepAwake({ start: (type) => (calls.push(`start ${type}`), ++next), stop: (id) => void calls.push(`stop ${id}`) });
    keep.update(false);
    keep.update(true);
    keep.update(true);
    expect(keep.active).toBe(true);
    keep.update(false);
    keep.update(true);
    keep.release();
    keep.release();
    expect(calls).toEqual(['start prevent-app-suspension', 'stop 1', 'start prevent-app-suspension', 'stop 2']);
    expect(keep.active).toBe(false);
  });
});
