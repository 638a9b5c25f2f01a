// The facts the stream step keeps from the summary /api/stream carries (contract Summary): when
// it was made, the studio's size, and the simulator's callbacks sent so far. The stream sends
// the summary whole in its snapshot, then only what changed (summaryChanges): the page's view
// of it is the snapshot's with every change merged in, as the dashboard merges it.

import { mergePatch } from '../../contract/stream-merge';

export interface SummaryFacts {
  now: number;
  channels: number;
  viewers: number;
  callbacksPerMinute: number;
  simulatorSent: number;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Follows the summary through a stream's `snapshot` and `summaryChanges` messages. */
export class FollowedSummary {
  private summary: unknown = null;

  /** The facts after this message, or null when it is not about the summary (or unreadable). */
  read(event: string, data: string): SummaryFacts | null {
    if (event !== 'snapshot' && event !== 'summaryChanges') return null;
    let parsed: { summary?: unknown; changes?: unknown };
    try {
      parsed = JSON.parse(data) as { summary?: unknown; changes?: unknown };
    } catch {
      return null;
    }
    if (event === 'snapshot') this.summary = parsed.summary ?? null;
    else if (this.summary !== null) this.summary = mergePatch(this.summary, parsed.changes as never);
    return summaryFacts(this.summary);
  }
}

/** Null when the value is not a summary. */
export function summaryFacts(parsed: unknown): SummaryFacts | null {
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
