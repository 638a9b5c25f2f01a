// What the tray icon says: its tooltip and the read-only lines of its menu, from a Summary.
// Numbers in the Summary are raw (bytes, epoch ms); this is where they become words.

import type { Summary } from '../server/contract';

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** 1234567 -> "1.2 MB/s". Decimal units, like network speeds are usually quoted. */
export function formatBytesPerSecond(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '0 B/s';
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const text = unit === 0 || value >= 99.95 ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${UNITS[unit]}/s`;
}

/** Current traffic: the last full minute's bytes spread over that minute. */
export function currentBytesPerSecond(summary: Pick<Summary, 'bytesLastMinute'>): number {
  return summary.bytesLastMinute / 60;
}

/** 4_000 -> "4 s ago", 125_000 -> "2 min ago", 7_300_000 -> "2 h ago". */
export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function mediaServerLine(summary: Pick<Summary, 'lastCallbackAt' | 'now'>): string {
  if (summary.lastCallbackAt === null) return 'Media server: no call yet';
  return `Media server: last call ${formatAgo(summary.now - summary.lastCallbackAt)}`;
}

export function trayTooltip(productName: string, summary: Summary): string {
  const parts = [
    plural(summary.channels.live, 'live channel', 'live channels'),
    plural(summary.viewers, 'viewer', 'viewers'),
    formatBytesPerSecond(currentBytesPerSecond(summary)),
  ];
  let text = `${productName}\n${parts.join(' · ')}`;
  if (!summary.store.ok) text += '\nStore problem: see dashboard';
  else if (summary.lastCallbackAt === null) text += '\nWaiting for the media server';
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/** The informational (disabled) lines at the top of the tray menu. */
export function trayStatusLines(summary: Summary): string[] {
  const lines = [
    `Channels: ${summary.channels.live} live of ${summary.channels.total}`,
    `Viewers: ${summary.viewers}`,
    `Traffic: ${formatBytesPerSecond(currentBytesPerSecond(summary))}`,
    mediaServerLine(summary),
  ];
  if (!summary.store.ok) lines.push('Store: problem, see dashboard');
  return lines;
}
