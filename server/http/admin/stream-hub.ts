import { PassThrough } from 'node:stream';
import type { AuditEntry, BanRow, ChannelRow, StreamEvents, Summary } from '../../contract';

export interface StreamSources {
  rows(ids: Iterable<string>): ChannelRow[];
  allRows(): ChannelRow[];
  summary(): Summary;
  bans(): BanRow[];
}

const FLUSH_MS = 250;
const SUMMARY_MS = 1000;
const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Fans changes out to every open SSE connection, coalesced: at most four change messages a
 * second whatever the callback rate, each row computed once for all clients.
 */
export class StreamHub {
  private readonly clients = new Set<PassThrough>();
  private readonly changedChannels = new Set<string>();
  private newAudit: AuditEntry[] = [];
  private bansChanged = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly sources: StreamSources) {}

  start(): void {
    this.timers = [
      setInterval(() => this.flush(), FLUSH_MS),
      setInterval(() => {
        if (this.clients.size > 0) this.broadcast('summary', this.sources.summary());
      }, SUMMARY_MS),
      setInterval(() => this.broadcast('heartbeat', { now: Date.now() }), HEARTBEAT_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  /** Ends every open stream (the token they were opened with is no longer valid). */
  disconnectAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  open(): PassThrough {
    const stream = new PassThrough();
    this.clients.add(stream);
    const drop = (): void => {
      this.clients.delete(stream);
    };
    stream.on('close', drop);
    stream.on('error', drop);
    stream.write('retry: 2000\n\n');
    write(stream, 'snapshot', { summary: this.sources.summary(), channels: this.sources.allRows() });
    write(stream, 'bans', { bans: this.sources.bans() });
    return stream;
  }

  channelsChanged(ids: Iterable<string>): void {
    for (const id of ids) this.changedChannels.add(id);
  }

  auditAdded(entry: AuditEntry): void {
    if (this.clients.size === 0) return;
    // Keep a burst bounded; the audit view can page for the rest.
    if (this.newAudit.length < 500) this.newAudit.push(entry);
  }

  bansUpdated(): void {
    this.bansChanged = true;
  }

  /** Sends pending changes now (also used before a reply that the page will read back). */
  flush(): void {
    if (this.clients.size === 0) {
      this.changedChannels.clear();
      this.newAudit = [];
      this.bansChanged = false;
      return;
    }
    if (this.changedChannels.size > 0) {
      const rows = this.sources.rows(this.changedChannels);
      this.changedChannels.clear();
      this.broadcast('channels', { rows });
    }
    if (this.newAudit.length > 0) {
      const entries = this.newAudit;
      this.newAudit = [];
      this.broadcast('audit', { entries });
    }
    if (this.bansChanged) {
      this.bansChanged = false;
      this.broadcast('bans', { bans: this.sources.bans() });
    }
  }

  private broadcast<K extends keyof StreamEvents>(event: K, data: StreamEvents[K]): void {
    if (this.clients.size === 0) return;
    const message = format(event, data);
    for (const client of this.clients) {
      // A client that stopped reading would make us buffer forever: drop it; it reconnects.
      if (client.writableLength > MAX_BUFFERED_BYTES) {
        this.clients.delete(client);
        client.end();
      } else {
        client.write(message);
      }
    }
  }
}

function format(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function write<K extends keyof StreamEvents>(stream: PassThrough, event: K, data: StreamEvents[K]): void {
  stream.write(format(event, data));
}
