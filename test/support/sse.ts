// Reads a Server-Sent Events response with fetch and a stream reader, every wait bounded.

export interface SseMessage {
  event: string;
  data: unknown;
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
      if (data.length > 0) queued.push({ event, data: JSON.parse(data.join('\n')) as unknown });
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
