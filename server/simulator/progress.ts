// The simulator's console output: one compact progress line, redrawn in place on a terminal,
// and a closing summary.

import type { SimulationStatus } from './simulator';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : value < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatClock(seconds: number): string {
  const s = Math.floor(seconds);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

export function progressLine(s: SimulationStatus): string {
  return [
    `sim ${formatClock(s.simulatedSeconds)}`,
    `sent ${s.sent}`,
    `"1" ${s.allowed}`,
    `"0" ${s.denied}`,
    `err ${s.errors}`,
    `${s.ratePerSecond}/s`,
    `ch ${s.channels} (${s.liveChannels} live)`,
    `up ${s.uploaders}`,
    `viewers ${s.viewers}`,
    formatBytes(s.bytesSent),
  ].join('  ');
}

export function summary(s: SimulationStatus, url: string): string {
  const lines = [
    `Simulated ${formatClock(s.simulatedSeconds)} in ${(s.elapsedMs / 1000).toFixed(1)} s against ${url} (seed ${s.seed}, speed ${s.speed})`,
    `  callbacks ${s.sent}: "1" ${s.allowed}, "0" ${s.denied}, errors ${s.errors}`,
    `  discharge reported ${formatBytes(s.bytesSent)} (${s.bytesSent} bytes), of which answered "0" ${s.bytesDenied} bytes`,
    `  at the end: ${s.channels} channels (${s.liveChannels} live), ${s.uploaders} uploaders, ${s.viewers} viewers`,
  ];
  const actions = Object.entries(s.actions).sort(([a], [b]) => a.localeCompare(b));
  for (const [action, c] of actions) {
    lines.push(`    ${action.padEnd(48)} ${String(c.sent).padStart(7)}  "1" ${c.allowed}  "0" ${c.denied}  err ${c.errors}`);
  }
  if (s.lastError) lines.push(`  last error: ${s.lastError}`);
  return lines.join('\n');
}

/** Writes progress lines to a stream: redrawn in place on a TTY, one per line otherwise. */
export class ProgressWriter {
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(status: SimulationStatus): void {
    const line = progressLine(status);
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
