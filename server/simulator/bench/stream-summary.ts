// The facts the stream step keeps from a `summary` message of /api/stream (contract Summary):
// when it was made, the studio's size, and the simulator's callbacks sent so far.

export interface SummaryFacts {
  now: number;
  channels: number;
  viewers: number;
  callbacksPerMinute: number;
  simulatorSent: number;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Null when the data is not a summary's JSON. */
export function summaryFacts(data: string): SummaryFacts | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const s = parsed as { now?: unknown; channels?: { total?: unknown }; viewers?: unknown; callbacksPerMinute?: unknown; simulator?: { sent?: unknown } };
  if (typeof s.now !== 'number') return null;
  return {
    now: s.now,
    channels: num(s.channels?.total),
    viewers: num(s.viewers),
    callbacksPerMinute: num(s.callbacksPerMinute),
    simulatorSent: num(s.simulator?.sent),
  };
}
