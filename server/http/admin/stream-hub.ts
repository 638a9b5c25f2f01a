import { PassThrough } from 'node:stream';
import type { AuditDecision, AuditEntry, BanRow, Notice, RowTopic, RowsDelta, StreamEvents, StreamTopic, Summary } from '../../contract';
import { SentRows, SentSummary } from './stream-deltas';

/** The rows of one kind of thing a page can follow: channels, chat rooms, groups, calls. */
export interface TopicRows<Row> {
  rows(ids: Iterable<string>): Row[];
  all(): Row[];
}

type RowOf<T extends RowTopic> = StreamEvents[T] extends RowsDelta<infer Row> ? Row : never;

export interface StreamSources {
  summary(): Summary;
  bans(): BanRow[];
  topics: { [T in RowTopic]: TopicRows<RowOf<T>> };
}

const FLUSH_MS = 250;
const SUMMARY_MS = 1000;
const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const ROW_TOPICS: readonly RowTopic[] = ['channels', 'chatrooms', 'groups', 'calls'];
/**
 * Newest audit entries sent to one page per message (four a second): a tail to watch, not the log.
 * At hundreds of callbacks a second more would only keep the browser parsing; the page reloads
 * or pages for the rest.
 */
const MAX_AUDIT_PER_MESSAGE = 200;

export interface StreamOptions {
  /** Audit entries of these decisions only (the audit view's filter); absent: all. */
  auditDecisions?: ReadonlySet<AuditDecision>;
}

/**
 * Fans changes out to the open SSE connections, coalesced: at most four change messages a
 * second whatever the callback rate, each row computed once for all clients, and each client
 * sent only the topics its page follows (the summary, bans and heartbeats go to all). After the
 * snapshot a page gets deltas (stream-deltas.ts): only the fields that changed, computed once
 * for all the followers of a topic, since they all hold the same rows.
 */
export class StreamHub {
  private readonly clients = new Map<PassThrough, ReadonlySet<StreamTopic>>();
  private readonly auditFilters = new Map<PassThrough, ReadonlySet<AuditDecision>>();
  private readonly changed = new Map<RowTopic, Set<string>>(ROW_TOPICS.map((topic) => [topic, new Set<string>()]));
  private readonly sent: { [T in RowTopic]: SentRows<RowOf<T>> } = {
    channels: new SentRows(),
    chatrooms: new SentRows(),
    groups: new SentRows(),
    calls: new SentRows(),
  };
  private readonly sentSummary = new SentSummary<Summary>();
  private newAudit: AuditEntry[] = [];
  private bansChanged = false;
  private timers: NodeJS.Timeout[] = [];
  /**
   * Channels whose row changed in this minute and the one before: a row's "last minute" is the
   * previous full minute, so when the minute rolls over, exactly these rows show another number
   * (a channel that went quiet drops to zero) and are sent again, though nothing happened to them.
   */
  private touched = { minute: Math.floor(Date.now() / 60_000), now: new Set<string>(), before: new Set<string>() };

  constructor(private readonly sources: StreamSources) {}

  start(): void {
    this.timers = [
      setInterval(() => this.flush(), FLUSH_MS),
      setInterval(() => this.sendSummary(), SUMMARY_MS),
      setInterval(() => this.broadcast('heartbeat', { now: Date.now() }), HEARTBEAT_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.disconnectAll();
  }

  /** Ends every open stream (the token they were opened with is no longer valid). */
  disconnectAll(): void {
    for (const client of this.clients.keys()) client.end();
    this.clients.clear();
  }

  open(topics: ReadonlySet<StreamTopic>, options: StreamOptions = {}): PassThrough {
    const stream = new PassThrough();
    // Before this page joins: the others are brought to what its snapshot will hold.
    const snapshot: StreamEvents['snapshot'] = { summary: this.catchUpSummary(), seq: { summary: this.sentSummary.seq } };
    if (topics.has('channels')) snapshot.channels = this.catchUp('channels');
    if (topics.has('chatrooms')) snapshot.chatrooms = this.catchUp('chatrooms');
    if (topics.has('groups')) snapshot.groups = this.catchUp('groups');
    if (topics.has('calls')) snapshot.calls = this.catchUp('calls');
    for (const topic of ROW_TOPICS) if (topics.has(topic)) snapshot.seq[topic] = this.sent[topic].seq;
    this.clients.set(stream, topics);
    if (options.auditDecisions) this.auditFilters.set(stream, options.auditDecisions);
    const drop = (): void => {
      this.clients.delete(stream);
      this.auditFilters.delete(stream);
    };
    stream.on('close', drop);
    stream.on('error', drop);
    stream.write('retry: 2000\n\n');
    stream.write(format('snapshot', snapshot));
    stream.write(format('bans', { bans: this.sources.bans() }));
    return stream;
  }

  /**
   * Every row of `topic`, which a new follower gets whole. The current followers first get what
   * differs from what they hold (rows whose change was not announced), so that from here on all
   * of them hold the same rows and one delta fits them all.
   */
  private catchUp<T extends RowTopic>(topic: T): RowOf<T>[] {
    const all = this.sources.topics[topic].all() as RowOf<T>[];
    const sent = this.sent[topic] as SentRows<RowOf<T>>;
    if (this.anyFollows(topic)) {
      const delta = sent.reconcile(all);
      if (delta) this.broadcast(topic, delta as StreamEvents[T], topic);
    } else {
      sent.reset(all);
    }
    this.changed.get(topic)!.clear();
    return all;
  }

  /** The summary, whole, for a new page; the pages already open get what changed in it first. */
  private catchUpSummary(): Summary {
    const summary = this.sources.summary();
    if (this.clients.size === 0) this.sentSummary.reset();
    const patch = this.sentSummary.update(summary);
    if (patch) this.broadcast('summaryChanges', patch);
    return summary;
  }

  private sendSummary(): void {
    if (this.clients.size === 0) return;
    const patch = this.sentSummary.update(this.sources.summary());
    if (patch) this.broadcast('summaryChanges', patch);
  }

  /** Ids of things whose row may have changed. */
  rowsChanged(topic: RowTopic, ids: Iterable<string>): void {
    const pending = this.changed.get(topic)!;
    for (const id of ids) {
      pending.add(id);
      if (topic === 'channels') this.touched.now.add(id);
    }
  }

  /** At a new minute, the rows whose last-minute traffic now reads differently are due again. */
  private rollMinute(): void {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute === this.touched.minute) return;
    const { now, before } = this.touched;
    const due = this.changed.get('channels')!;
    for (const id of now) due.add(id);
    for (const id of before) due.add(id);
    this.touched = { minute, now: new Set(), before: now };
  }

  auditAdded(entry: AuditEntry): void {
    if (!this.anyFollows('audit')) return;
    // Keep a burst bounded; the audit view can page for the rest.
    if (this.newAudit.length < 500) this.newAudit.push(entry);
  }

  bansUpdated(): void {
    this.bansChanged = true;
  }

  /** Notices are rare and urgent: sent to every stream at once, not coalesced. */
  noticeRaised(notice: Notice): void {
    this.broadcast('notice', notice);
  }

  /** Sends pending changes now (also used before a reply that the page will read back). */
  flush(): void {
    this.rollMinute();
    for (const topic of ROW_TOPICS) {
      const ids = this.changed.get(topic)!;
      if (ids.size === 0) continue;
      if (this.anyFollows(topic)) this.sendRows(topic, ids);
      else this.sent[topic].reset(); // the next follower starts from a snapshot
      ids.clear();
    }
    if (this.newAudit.length > 0) {
      const entries = this.newAudit;
      this.newAudit = [];
      this.sendAudit(entries);
    }
    if (this.bansChanged) {
      this.bansChanged = false;
      this.broadcast('bans', { bans: this.sources.bans() });
    }
  }

  private sendRows<T extends RowTopic>(topic: T, ids: Set<string>): void {
    const sent = this.sent[topic] as SentRows<RowOf<T>>;
    const delta = sent.update(ids, this.sources.topics[topic].rows(ids) as RowOf<T>[]);
    if (delta) this.broadcast(topic, delta as StreamEvents[T], topic);
  }

  /** Each audit follower gets the entries its filter lets through, the newest at most; one message per filter. */
  private sendAudit(entries: AuditEntry[]): void {
    const messages = new Map<string, string | null>();
    for (const [client, topics] of this.clients) {
      if (!topics.has('audit')) continue;
      const filter = this.auditFilters.get(client);
      const key = filter ? [...filter].sort().join(',') : '*';
      let message = messages.get(key);
      if (message === undefined) {
        const shown = (filter ? entries.filter((entry) => filter.has(entry.decision)) : entries).slice(-MAX_AUDIT_PER_MESSAGE);
        message = shown.length > 0 ? format('audit', { entries: shown }) : null;
        messages.set(key, message);
      }
      if (message !== null) this.write(client, message);
    }
  }

  private anyFollows(topic: StreamTopic): boolean {
    for (const topics of this.clients.values()) if (topics.has(topic)) return true;
    return false;
  }

  /** To every client, or only to those following `topic`. */
  private broadcast<K extends keyof StreamEvents>(event: K, data: StreamEvents[K], topic?: StreamTopic): void {
    if (this.clients.size === 0) return;
    const message = format(event, data);
    for (const [client, topics] of this.clients) {
      if (topic !== undefined && !topics.has(topic)) continue;
      this.write(client, message);
    }
  }

  private write(client: PassThrough, message: string): void {
    // A client that stopped reading would make us buffer forever: drop it; it reconnects.
    if (client.writableLength > MAX_BUFFERED_BYTES) {
      this.clients.delete(client);
      this.auditFilters.delete(client);
      client.end();
    } else {
      client.write(message);
    }
  }
}

function format(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
