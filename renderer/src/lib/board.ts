// The live-first board: what is on air first, then what waits, and the shows that ended today
// folded away below. Pure, so the order is unit-tested.
import type { ChannelRow } from '../../../server/contract';

const MINUTE_MS = 60_000;

/** On air first, then what needs a look (stale, closing), then what waits to start. */
const activeRank: Partial<Record<ChannelRow['state'], number>> = { live: 0, stale: 1, closing: 2, adopted: 3, idle: 4 };

export interface Board {
  active: ChannelRow[];
  /** Closed (and, when shown, deleted) channels whose last event was today, most recent first. */
  endedToday: ChannelRow[];
  /** Ended before today: counted, shown only on request. */
  endedEarlier: ChannelRow[];
}

function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function isEnded(row: ChannelRow): boolean {
  return row.state === 'closed' || row.state === 'deleted';
}

export function buildBoard(rows: readonly ChannelRow[], now: number): Board {
  const active: ChannelRow[] = [];
  const endedToday: ChannelRow[] = [];
  const endedEarlier: ChannelRow[] = [];
  const today = startOfDay(now);
  for (const row of rows) {
    if (!isEnded(row)) active.push(row);
    else if (row.lastEventAt >= today) endedToday.push(row);
    else endedEarlier.push(row);
  }
  active.sort(
    (a, b) =>
      (activeRank[a.state] ?? 9) - (activeRank[b.state] ?? 9) ||
      b.viewers - a.viewers ||
      b.bytesLastMinute - a.bytesLastMinute ||
      a.id.localeCompare(b.id),
  );
  const recentFirst = (a: ChannelRow, b: ChannelRow) => b.lastEventAt - a.lastEventAt || a.id.localeCompare(b.id);
  endedToday.sort(recentFirst);
  endedEarlier.sort(recentFirst);
  return { active, endedToday, endedEarlier };
}

/**
 * A live channel that went on air during or after the previous minute has no full minute of
 * traffic yet: its "last minute" is not zero, it is not known yet.
 */
export function waitingForFirstMinute(row: ChannelRow, now: number): boolean {
  if (row.liveSince === null || row.bytesLastMinute > 0) return false;
  const previousMinuteStart = (Math.floor(now / MINUTE_MS) - 1) * MINUTE_MS;
  return row.liveSince > previousMinuteStart;
}

export type CapacityLook = 'none' | 'ok' | 'near' | 'over';

/** Audience against capacity: over it is a red flag (a limit the media server did not keep), 90 % amber. */
export function capacityLook(row: Pick<ChannelRow, 'viewers' | 'capacity'>): CapacityLook {
  if (row.capacity <= 0) return 'none';
  if (row.viewers > row.capacity) return 'over';
  return row.viewers >= row.capacity * 0.9 ? 'near' : 'ok';
}

/** Denials worth colouring: at least 5 a minute and a tenth of all callbacks. */
export function denialSpike(denialsPerMinute: number, callbacksPerMinute: number): boolean {
  return denialsPerMinute >= 5 && denialsPerMinute >= callbacksPerMinute * 0.1;
}
