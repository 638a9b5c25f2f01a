// Raw API numbers (bytes, epoch ms, seconds) into words an operator reads at a glance, in the
// dashboard's language, always with units, times always with their time zone.
import { currentLocale, t } from './i18n';

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Intl formatters are costly to make (a table of times made hundreds a second): one per locale and style. */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLocale()}|d|${name}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(currentLocale(), options)));
  return f;
}
function unitFormat(name: string): Intl.NumberFormat {
  const key = `${currentLocale()}|u|${name}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: name, unitDisplay: 'short' })));
  return f;
}

function number(value: number, digits = 0): string {
  return value.toLocaleString(currentLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatNumber(n: number): string {
  return number(n);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${number(value, digits)} ${byteUnits[unit]}`;
}

export function formatBytesPerMinute(bytes: number): string {
  return `${formatBytes(bytes)}${t('units.perMinute')}`;
}

/** Bytes in a minute as a bitrate, the unit a streaming operator thinks in. */
export function formatBitrate(bytesPerMinute: number): string {
  const mbits = (bytesPerMinute * 8) / 60 / 1_000_000;
  const digits = mbits >= 100 ? 0 : mbits >= 10 ? 1 : 2;
  return `${number(mbits, digits)} Mbit/s`;
}

function unit(value: number, name: 'second' | 'minute' | 'hour' | 'day'): string {
  return unitFormat(name).format(value);
}

/** A span in ms as "42 s", "5 min", "3 h 10 min", "2 d 4 h" (or their Chinese). */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return unit(s, 'second');
  const min = Math.floor(s / 60);
  if (min < 60) return unit(min, 'minute');
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${unit(h, 'hour')} ${unit(min % 60, 'minute')}` : unit(h, 'hour');
  const d = Math.floor(h / 24);
  return h % 24 ? `${unit(d, 'day')} ${unit(h % 24, 'hour')}` : unit(d, 'day');
}

/** "12 s ago"; under 5 s "just now", so a fresh report never reads "0 s ago". */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return t('time.never');
  if (now - at < 5000) return t('time.justNow');
  return t('time.ago', { span: formatSpan(now - at) });
}

/** How long something has been going: "just now" for the first seconds, never "0 s". */
export function formatFor(since: number, now: number): string {
  return now - since < 5000 ? t('time.justNow') : formatSpan(now - since);
}

/** A time of day with its time zone; the date too when it is not today. */
export function formatTime(at: number | null, now = Date.now()): string {
  if (at === null) return '—';
  const d = new Date(at);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? dateFormat('time', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(d)
    : dateFormat('dateTime', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(d);
}

/** Axis and tooltip labels of charts: minutes, or weekday and hour. */
export function formatTick(at: number, resolution: 'minute' | 'hour'): string {
  const format =
    resolution === 'hour' ? dateFormat('tickHour', { weekday: 'short', hour: '2-digit', minute: '2-digit' }) : dateFormat('tickMinute', { hour: '2-digit', minute: '2-digit' });
  return format.format(new Date(at));
}

/** The time zone the page shows times in, e.g. "UTC" or "GMT+8". */
export function timeZoneName(): string {
  const part = dateFormat('zone', { timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return t('time.forGood');
  return formatSpan(seconds * 1000);
}

/** Reasons written by the server carry raw byte counts ("1048576 bytes"): show them with units. */
export function formatBytesInText(text: string): string {
  return text.replace(/\b(\d{4,}) bytes\b/g, (_, digits: string) => formatBytes(Number(digits)));
}
