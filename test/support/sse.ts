// Reads a Server-Sent Events response with fetch and a stream reader, every wait bounded. It
// holds what a page would (the snapshot, then each delta merged with the contract's merge) and
// fails on a delta that does not follow the one before or does not fit what it holds.

import { mergePatch, mergeRows, type RowsDelta, type RowTopic, type SequencedPart, type StreamEvents, type Summary } from '../../server/contract';

export interface SseMessage {
  event: string;
  /**
   * What a page holds after the message: for a row topic, `{ seq, rows, removed }` with the rows
   * the delta touched, whole (MergedRows); for `summaryChanges`, the whole summary; else as sent.
   */
  data: unknown;
  /** The message's data as it came on the wire. */
  wire: unknown;
}

/** A row topic's message as SseMessage.data gives it: the rows it touched, merged, whole. */
export interface MergedRows<Row> {
  seq: number;
  rows: Row[];
  removed: string[];
}

const ROW_TOPICS: readonly string[] = ['channels', 'chatrooms', 'groups', 'calls'] satisfies RowTopic[];

/** The page's side of the stream: what it holds, and the number each part's next delta must carry. */
class Held {
  rows = new Map<string, Map<string, { id: string }>>();
  summary: Summary | null = null;
  private expected = new Map<SequencedPart, number>();

  /** What a page holds after this message (see SseMessage.data). */
  take(event: string, wire: unknown): unknown {
    if (event === 'snapshot') {
      const snapshot = wire as StreamEvents['snapshot'];
      this.summary = snapshot.summary;
      this.expected = new Map(Object.entries(snapshot.seq).map(([part, n]) => [part as SequencedPart, n + 1]));
      for (const topic of ROW_TOPICS) {
        const rows = snapshot[topic as RowTopic] as { id: string }[] | undefined;
        if (rows) this.rows.set(topic, new Map(rows.map((row) => [row.id, row])));
      }
      return wire;
    }
    if (event === 'summaryChanges') {
      const { seq, changes } = wire as StreamEvents['summaryChanges'];
      this.follow('summary', seq);
      if (!this.summary) throw new Error('summaryChanges before a snapshot');
      return (this.summary = mergePatch(this.summary, changes));
    }
    if (!ROW_TOPICS.includes(event)) return wire;
    const delta = wire as RowsDelta<{ id: string }>;
    this.follow(event as RowTopic, delta.seq);
    const held = this.rows.get(event);
    if (!held) throw new Error(`${event} delta without its rows in the snapshot`);
    const { touched, fitted } = mergeRows(held, delta);
    if (!fitted) throw new Error(`${event} delta changes a row not held: ${JSON.stringify(wire)}`);
    return { seq: delta.seq, rows: touched.map((id) => held.get(id)!), removed: delta.removed ?? [] } satisfies MergedRows<unknown>;
  }

  private follow(part: SequencedPart, seq: number): void {
    const expected = this.expected.get(part);
    if (seq !== expected) throw new Error(`${part} delta ${seq} where ${expected ?? 'none (not in the snapshot)'} was due`);
    this.expected.set(part, seq + 1);
  }
}

export interface SseStream {
  contentType: string;
  /** The next message; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Skips messages until one named `event` whose data passes `match`. */
  until(event: string, match: (data: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export async function openStream(url: string, token: string): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queued: SseMessage[] = [];
  const held = new Held();

  const parseBlocks = (): void => {
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) continue;
      const wire = JSON.parse(data.join('\n')) as unknown;
      queued.push({ event, data: held.take(event, wire), wire });
    }
  };

  const next = async (timeoutMs = 5000): Promise<SseMessage> => {
    const deadline = Date.now() + timeoutMs;
    while (queued.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE message within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no SSE message within ${timeoutMs} ms`)), left);
      });
      try {
        const chunk = await Promise.race([reader.read(), timeout]);
        if (chunk.done) throw new Error('SSE stream ended');
        buffer += chunk.value.replace(/\r\n/g, '\n');
        parseBlocks();
      } finally {
        clearTimeout(timer);
      }
    }
    return queued.shift()!;
  };

  return {
    contentType: res.headers.get('content-type') ?? '',
    next,
    async until(event, match, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await next(Math.max(1, deadline - Date.now()));
        if (message.event === event && match(message.data)) return message.data;
      }
    },
    close() {
      abort.abort();
    },
  };
}
