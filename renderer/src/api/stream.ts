// The live stream (GET /api/stream, Server-Sent Events) feeding the stores. It carries only the
// topics the open view shows (?topics=...): a view change reconnects with its own topics. On
// every (re)connect the server sends a `snapshot` that replaces the state, so after a server
// restart the page shows what the server has, never a stale mix. A watchdog notices a silent
// connection.

import type { StreamEvents, StreamTopic } from '../../../server/contract';
import { useAuditStore } from '../stores/audit';
import { useBansStore } from '../stores/bans';
import { useOverviewStore } from '../stores/overview';
import { useSessionStore } from '../stores/session';

/** Summaries come every second and heartbeats every 15 s; this much silence means a dead link. */
const silenceLimitMs = 35_000;
const retryDelayMs = 2_000;

type Handlers = { [K in keyof StreamEvents]?: (data: StreamEvents[K]) => void };

let source: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let watchdog: ReturnType<typeof setInterval> | null = null;
let topics: readonly StreamTopic[] = ['channels'];

function handlers(): Handlers {
  const session = useSessionStore();
  const overview = useOverviewStore();
  const audit = useAuditStore();
  const bans = useBansStore();
  return {
    snapshot: (data) => {
      overview.applySnapshot({ summary: data.summary, channels: data.channels });
      session.syncClock(data.summary.now);
      session.auth = 'signedIn';
      session.stream = 'live';
    },
    channels: (data) => overview.applyRows(data.rows),
    audit: (data) => audit.append(data.entries),
    summary: (data) => {
      overview.applySummary(data);
      session.syncClock(data.now);
    },
    bans: (data) => bans.replace(data.bans),
    heartbeat: (data) => session.syncClock(data.now),
  };
}

/** Follows the given topics from now on; reconnects only when they differ from the current ones. */
export function followTopics(next: readonly StreamTopic[]): void {
  const same = next.length === topics.length && next.every((topic) => topics.includes(topic));
  topics = [...next];
  if (!same && source) connectStream({ quiet: true });
}

/** `quiet`: a view change, not a lost link; the page keeps showing "live" meanwhile. */
export function connectStream(options: { quiet?: boolean } = {}): void {
  const session = useSessionStore();
  disconnectStream();
  if (!options.quiet) session.stream = session.lastStreamEventAt === null ? 'connecting' : 'reconnecting';

  const on = handlers();
  const es = new EventSource(`/api/stream?topics=${topics.join(',')}`);
  source = es;
  for (const name of Object.keys(on) as (keyof StreamEvents)[]) {
    es.addEventListener(name, (event) => {
      session.lastStreamEventAt = Date.now();
      let data: unknown;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      (on[name] as ((d: unknown) => void) | undefined)?.(data);
    });
  }
  es.onerror = () => {
    if (source !== es) return;
    session.stream = 'reconnecting';
    // The browser retries by itself after a dropped connection; a refused one (401, 5xx) closes.
    if (es.readyState === EventSource.CLOSED) void recover();
  };

  watchdog = setInterval(() => {
    const last = session.lastStreamEventAt;
    if (session.stream === 'live' && last !== null && Date.now() - last > silenceLimitMs) {
      session.stream = 'reconnecting';
      connectStream();
    }
  }, 5_000);
}

export function disconnectStream(): void {
  if (retryTimer) clearTimeout(retryTimer);
  if (watchdog) clearInterval(watchdog);
  retryTimer = null;
  watchdog = null;
  source?.close();
  source = null;
}

/** Tells "signed out" from "server away" by one plain request, then retries or asks to sign in. */
async function recover(): Promise<void> {
  const session = useSessionStore();
  disconnectStream();
  let status = 0;
  try {
    status = (await fetch('/api/summary', { credentials: 'same-origin' })).status;
  } catch {
    status = 0;
  }
  if (status === 401) {
    session.auth = 'needsLogin';
    return;
  }
  retryTimer = setTimeout(connectStream, retryDelayMs);
}
