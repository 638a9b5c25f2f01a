// Counts a Server-Sent Events stream as it arrives, message by message: decoded bytes and
// messages per `event:` name (a message without one, such as `retry:`, counts as "other").
// Messages may arrive split across chunks or several in one; only complete ones are counted.
// `reset()` starts a new window and keeps a message still in flight for it.

import type { StreamEventTally } from './report';

export type MessageListener = (event: string, data: string, bytes: number) => void;

export class SseTally {
  private pending = '';
  private counts = new Map<string, StreamEventTally>();

  constructor(private readonly listener?: MessageListener) {}

  /** Decoded text as it came off the stream. */
  feed(text: string): void {
    this.pending += text;
    for (;;) {
      const end = this.pending.indexOf('\n\n');
      if (end < 0) return;
      const message = this.pending.slice(0, end + 2);
      this.pending = this.pending.slice(end + 2);
      this.count(message);
    }
  }

  private count(message: string): void {
    let event = 'other';
    const data: string[] = [];
    for (const line of message.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    const bytes = Buffer.byteLength(message, 'utf8');
    const tally = this.counts.get(event) ?? { messages: 0, bytes: 0 };
    tally.messages++;
    tally.bytes += bytes;
    this.counts.set(event, tally);
    this.listener?.(event, data.join('\n'), bytes);
  }

  /** Per event name, in the current window. */
  byEvent(): Record<string, StreamEventTally> {
    return Object.fromEntries([...this.counts].map(([event, t]) => [event, { ...t }]));
  }

  /** Decoded bytes of the complete messages in the current window. */
  get bytes(): number {
    let sum = 0;
    for (const t of this.counts.values()) sum += t.bytes;
    return sum;
  }

  reset(): void {
    this.counts = new Map();
  }
}
