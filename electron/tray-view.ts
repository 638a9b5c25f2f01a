// What the tray says about the server the app follows: this computer's or a LAN server's counts,
// a LAN server that cannot be read, and whether the computer is kept awake for a show.

import type { Summary } from '../server/contract';
import { KEEPING_AWAKE_LINE } from './keep-awake';
import { TOOLTIP_MAX, trayStatusLines, trayTooltip } from './tray-text';

export interface TrayView {
  /** The LAN server's host:port; null for this computer. */
  server: string | null;
  summary: Summary | null;
  /** Why the LAN server cannot be read now. */
  problem: string | null;
  keepingAwake: boolean;
}

/** A tray menu line stays readable: long sentences are cut. */
const LINE_MAX = 90;

const cut = (line: string): string => (line.length <= LINE_MAX ? line : `${line.slice(0, LINE_MAX - 1)}…`);

export function trayLines(view: TrayView): string[] {
  const lines: string[] = [];
  if (view.server !== null) lines.push(`Server: ${view.server}`);
  if (view.problem !== null) lines.push(cut(`Not connected: ${view.problem}`));
  if (view.summary !== null) lines.push(...trayStatusLines(view.summary));
  else if (view.problem === null) lines.push('Connecting…');
  if (view.keepingAwake) lines.push(KEEPING_AWAKE_LINE);
  return lines;
}

export function trayViewTooltip(productName: string, view: TrayView): string {
  const name = view.server === null ? productName : `${productName} · ${view.server}`;
  if (view.summary === null) return cut(`${name}\n${view.problem === null ? 'Connecting…' : 'Not connected'}`).slice(0, TOOLTIP_MAX);
  return trayTooltip(name, view.summary);
}
