import { describe, expect, it } from 'vitest';
import { collectStartGarbage } from '../../server/core/start-garbage';

describe('the collection after a start', () => {
  it('gives back the memory a parsed snapshot leaves behind, without --expose-gc', () => {
    let parsed: unknown = JSON.parse(JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ userId: `user-${i}`, bytes: i * 1000.5 }))));
    expect(Array.isArray(parsed)).toBe(true);
    parsed = null;
    const collection = collectStartGarbage();
    expect(collection).not.toBeNull();
    expect(collection!.heapUsedBefore - collection!.heapUsedAfter).toBeGreaterThan(10_000_000);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
