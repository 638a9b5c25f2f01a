// A start on a big data folder parses the whole snapshot (40 MB of text at 100,000 sessions and
// a day of history) and rebuilds the state and the traffic history from it. Once the history has
// loaded, most of what the parse made is garbage: about 80 MB that V8 keeps until its memory
// reducer finds the process idle (about 30 s later) or, under a steady flow of reports, until the
// old generation grows into it, minutes later. We know the moment it became garbage, so the
// collector runs once, then. It is reached the way Jest's leak detector reaches it: the flag is
// set for one new context only, and the process keeps running without `--expose-gc`.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface StartCollection {
  /** How long the collection held the event loop. */
  ms: number;
  heapUsedBefore: number;
  heapUsedAfter: number;
}

/** Runs one full garbage collection; null when this runtime does not allow it. */
export function collectStartGarbage(): StartCollection | null {
  const gc = collector();
  if (gc === null) return null;
  const heapUsedBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  gc();
  const ms = performance.now() - started;
  return { ms, heapUsedBefore, heapUsedAfter: process.memoryUsage().heapUsed };
}

function collector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
