/**
 * Wall-clock time that does not jump. Sessions age out by comparing report times, and traffic
 * lands in per-minute buckets: a system clock set back or forward by hand would age every live
 * session out at once or scatter buckets. Small corrections (NTP slewing) are followed; a jump
 * is absorbed, reported once, and time keeps running from where it was until the next restart.
 */
export type SteadyClock = () => number;

export interface ClockSources {
  wall: () => number;
  monotonic: () => number;
  /** Called when the system clock jumped by `deltaMs` (positive = forward). */
  onJump?: (deltaMs: number) => void;
}

const JUMP_MS = 5_000;

export function steadyClock(sources: ClockSources = { wall: Date.now, monotonic: () => performance.now() }): SteadyClock {
  let offset = 0;
  let lastMono = sources.monotonic();
  let last = sources.wall();
  return () => {
    const mono = sources.monotonic();
    const expected = last + (mono - lastMono);
    const candidate = sources.wall() + offset;
    const drift = candidate - expected;
    if (Math.abs(drift) > JUMP_MS) {
      offset -= drift;
      sources.onJump?.(drift);
    }
    // Never backwards, even by the few milliseconds of a slew.
    const now = Math.max(last, sources.wall() + offset);
    last = now;
    lastMono = mono;
    return Math.round(now);
  };
}
