// How long the event loop was held while some work ran: the longest delay of a 1 ms timer, from
// perf_hooks' histogram (the work may span many ticks; a callback waits behind the longest one).

import { monitorEventLoopDelay } from 'node:perf_hooks';

export async function measureLoopBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockSeconds: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // The histogram samples from its timer's first tick on: a block before that would be missed.
  await new Promise((resolve) => setTimeout(resolve, 2));
  try {
    const result = await work();
    // One more turn, so a block at the very end is sampled too.
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { result, blockSeconds: histogram.max / 1e9 };
  } finally {
    histogram.disable();
  }
}
