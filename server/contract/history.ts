// The time ranges the API serves series and totals for.

export const HISTORY_RANGES = ['1h', '24h', '7d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

/** Per-user totals go further back than the charts. */
export const USER_RANGES = ['1h', '24h', '7d', '30d', '90d'] as const;
export type UserRange = (typeof USER_RANGES)[number];

export type HistoryResolution = 'minute' | 'hour';

/** Minutes for the last hour; hours beyond, so a day is 24 readable bars, not 1,440 slivers. */
export function resolutionOf(range: HistoryRange): HistoryResolution {
  return range === '1h' ? 'minute' : 'hour';
}

/** The index (minutes since the epoch) of the last full minute: "last minute" in every view. */
export function previousMinute(now: number): number {
  return Math.floor(now / 60_000) - 1;
}

export function isHistoryRange(value: unknown): value is HistoryRange {
  return (HISTORY_RANGES as readonly unknown[]).includes(value);
}
