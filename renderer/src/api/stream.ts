// The live stream (GET /api/stream, Server-Sent Events) feeding the stores. It carries only the
// topics the open view shows (?topics=...): a view change reconnects with its own topics. On
// every (re)connect the server sends a `snapshot` that replaces the state, so after a server
// restart the page shows what the server has, never a stale mix. After it come deltas (only the
// fields that changed), numbered: one that does not follow, or does not fit the rows held,
// means something was missed, and the page reconnects for a new snapshot. A watchdog notices a
// silent connection.

import type { AuditDecision, StreamEvents, StreamTopic } from '../../../server/contract';
import { StreamSequence } from '../lib/streamSequence';
import { useAuditStore } from '../stores/audit';
import { useBansStore } from '../stores/bans';
import { useFamiliesStore } from '../stores/families';
import { useNoticesStore } from '../stores/notices';
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
/** The audit view's decisions: the server sends only those entries (null: all). */
let auditDecisions: readonly AuditDecision[] | null = null;

const sameSet = <T>(a: readonly T[] | null, b: readonly T[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x) => b.includes(x)));

/** `resync`: something was missed; start again from a snapshot. */
function handlers(resync: () => void): Handlers {
  const session = useSessionStore();
  const overview = useOverviewStore();
  const audit = useAuditStore();
  const bans = useBansStore();
  const families = useFamiliesStore();
  const notices = useNoticesStore();
  const sequence = new StreamSequence();
  /** A delta applied only on top of the one before it; otherwise (or if it does not fit) a resync. */
  const inOrder =
    <T extends { seq: number }>(part: Parameters<StreamSequence['accept']>[0], apply: (data: T) => boolean) =>
    (data: T): void => {
      if (!sequence.accept(part, data.seq) || !apply(data)) resync();
    };
  return {
    snapshot: (data) => {
      sequence.start(data.seq);
      overview.applySnapshot({ summary: data.summary, channels: data.channels });
      families.rooms.replace(data.chatrooms);
      families.groupRows.replace(data.groups);
      families.callRows.replace(data.calls);
      session.syncClock(data.summary.now);
      session.auth = 'signedIn';
      session.stream = 'live';
    },
    channels: inOrder('channels', (data: StreamEvents['channels']) => overview.applyDelta(data)),
    chatrooms: inOrder('chatrooms', (data: StreamEvents['chatrooms']) => families.rooms.applyDelta(data)),
    groups: inOrder('groups', (data: StreamEvents['groups']) => families.groupRows.applyDelta(data)),
    calls: inOrder('calls', (data: StreamEvents['calls']) => families.callRows.applyDelta(data)),
    audit: (data) => audit.append(data.entries),
    summaryChanges: inOrder('summary', (data: StreamEvents['summaryChanges']) => {
      if (data.changes.now !== undefined) session.syncClock(data.changes.now);
      return overview.applySummaryChanges(data.changes);
    }),
    bans: (data) => bans.replace(data.bans),
    heartbeat: (data) => session.syncClock(data.now),
    notice: (data) => notices.raise(data),
  };
}

/** Follows the given topics from now on; reconnects only when they differ from the current ones. */
export function followTopics(next: readonly StreamTopic[], decisions: readonly AuditDecision[] | null = auditDecisions): void {
  const same = sameSet(next, topics) && (!next.includes('audit') || sameSet(decisions, auditDecisions));
  topics = [...next];
  auditDecisions = decisions ? [...decisions] : null;
  if (!same && source) connectStream({ quiet: true });
}

function streamUrl(): string {
  const audit = topics.includes('audit') && auditDecisions ? `&audit=${auditDecisions.join(',')}` : '';
  return `/api/stream?topics=${topics.join(',')}${audit}`;
}

/** The connection boot.js opened while the code was loading, and what it received meanwhile. */
interface EarlyStream {
  url: string;
  source: EventSource;
  take(): { name: string; data: string }[];
}

/** boot.js's connection when it asks for what this page wants and is still open; used once. */
function adoptEarly(url: string): { es: EventSource; arrived: { name: string; data: string }[] } | null {
  const holder = window as unknown as { __aecEarlyStream?: EarlyStream };
  const early = holder.__aecEarlyStream;
  delete holder.__aecEarlyStream;
  if (!early) return null;
  if (early.url !== url || early.source.readyState === EventSource.CLOSED) {
    early.source.close();
    return null;
  }
  return { es: early.source, arrived: early.take() };
}

/** `quiet`: a view change, not a lost link; the page keeps showing "live" meanwhile. */
export function connectStream(options: { quiet?: boolean } = {}): void {
  const session = useSessionStore();
  disconnectStream();
  if (!options.quiet) session.stream = session.lastStreamEventAt === null ? 'connecting' : 'reconnecting';

  const url = streamUrl();
  const early = adoptEarly(url);
  const es = early?.es ?? new EventSource(url);
  source = es;
  const on = handlers(() => {
    if (source === es) connectStream({ quiet: true });
  });
  const deliver = (name: keyof StreamEvents, text: string): void => {
    // After a resync, what the old connection still brings (or brought early) is not for us.
    if (source !== es) return;
    session.lastStreamEventAt = Date.now();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return;
    }
    (on[name] as ((d: unknown) => void) | undefined)?.(data);
  };
  for (const name of Object.keys(on) as (keyof StreamEvents)[]) {
    es.addEventListener(name, (event) => deliver(name, (event as MessageEvent<string>).data));
  }
  for (const message of early?.arrived ?? []) deliver(message.name as keyof StreamEvents, message.data);
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
