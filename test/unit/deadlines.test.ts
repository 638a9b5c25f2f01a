import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../server/core/deadlines';

afterEach(() => {
  vi.useRealTimers();
});

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('the answer budget of callbacks in flight', () => {
  it("gives the promise's value when it comes first, 'late' when the deadline does", async () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(() => Date.now());
    const start = Date.now();
    const quick = deadlines.race(later('durable', 10), start + 1000);
    const slow = deadlines.race(later('durable', 3000), start + 1000);
    const failing = deadlines.race(Promise.reject(new Error('EIO')), start + 1000);
    await expect(failing).rejects.toThrow('EIO');
    await vi.advanceTimersByTimeAsync(10);
    await expect(quick).resolves.toBe('durable');
    await vi.advanceTimersByTimeAsync(989);
    let answered: string | undefined;
    void slow.then((value) => (answered = value));
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answered).toBe('late');
  });

  it('keeps each deadline when they arrive out of order and in thousands', async () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(() => Date.now());
    const start = Date.now();
    const answers: [number, string][] = [];
    const never = new Promise<string>(() => undefined);
    for (const budget of [300, 100, 200]) void deadlines.race(never, start + budget).then((v) => answers.push([Date.now() - start, v]));
    for (let i = 0; i < 5000; i++) void deadlines.race(Promise.resolve('durable'), start + 50 + i);
    await vi.advanceTimersByTimeAsync(400);
    expect(answers).toStrictEqual([
      [100, 'late'],
      [200, 'late'],
      [300, 'late'],
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(deadlines.watching).toBe(0);
  });

  it('stops watching a callback as soon as it is answered, long before its deadline', async () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(() => Date.now());
    const start = Date.now();
    const never = new Promise<string>(() => undefined);
    const slow = deadlines.race(never, start + 1000);
    const answered = Array.from({ length: 1000 }, (_, i) => deadlines.race(later('durable', 1 + (i % 5)), start + 1000 + i));
    expect(deadlines.watching).toBe(1001);
    await vi.advanceTimersByTimeAsync(5);
    await expect(Promise.all(answered)).resolves.toHaveLength(1000);
    expect(deadlines.watching).toBe(1);
    await vi.advanceTimersByTimeAsync(995);
    await expect(slow).resolves.toBe('late');
    expect(deadlines.watching).toBe(0);
  });

  it('waits without a deadline when the budget is infinite', async () => {
    const deadlines = new Deadlines();
    await expect(deadlines.race(later('durable', 5), Number.POSITIVE_INFINITY)).resolves.toBe('durable');
    expect(deadlines.watching).toBe(0);
  });
});
