// Audit log of every callback and operator action: newest entries in memory, all of them in
// daily NDJSON files written in batches. Not state: no fsync per entry, losing the last
// fraction of a second on a crash is acceptable.

import { appendFile, mkdir, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry, AuditQuery } from '../http/api-types';
import { cutTornTail, dayFile, linesBackward, listDays, parseEntry, utcDay } from './auditFiles';

export interface AuditLogOptions {
  retentionDays: number;
  /** Newest entries kept in memory; default 10,000. */
  memoryEntries?: number;
  /** Entries wait this long to be written together; default 250 ms. */
  flushDelayMs?: number;
  /** Entries kept in memory while the disk refuses writes; beyond it the oldest are dropped. */
  maxQueued?: number;
}

export const AUDIT_DEFAULT_LIMIT = 200;
export const AUDIT_MAX_LIMIT = 1000;
const DAY_MS = 86_400_000;
const BATCH_NOW = 1000;

/** Fixed-size ring of the newest entries. */
class Ring {
  private items: (AuditEntry | undefined)[];
  private start = 0;
  count = 0;
  constructor(readonly capacity: number) {
    this.items = new Array<AuditEntry | undefined>(capacity);
  }
  /** Returns true when the oldest entry had to go. */
  push(entry: AuditEntry): boolean {
    const evicts = this.count === this.capacity;
    this.items[(this.start + this.count) % this.capacity] = entry;
    if (evicts) this.start = (this.start + 1) % this.capacity;
    else this.count++;
    return evicts;
  }
  *newestFirst(): Generator<AuditEntry> {
    for (let i = this.count - 1; i >= 0; i--) {
      const entry = this.items[(this.start + i) % this.capacity];
      if (entry) yield entry;
    }
  }
  oldest(): AuditEntry | undefined {
    return this.count > 0 ? this.items[this.start] : undefined;
  }
}

function matcher(q: AuditQuery): (e: AuditEntry) => boolean {
  const action = q.action;
  // `operator:` or `operator:*` match every operator action; anything else must be exact.
  const prefix = action?.endsWith('*') ? action.slice(0, -1) : action?.endsWith(':') ? action : null;
  return (e) =>
    (action === undefined || (prefix !== null ? e.action.startsWith(prefix) : e.action === action)) &&
    (q.channelId === undefined || e.channelId === q.channelId) &&
    (q.userId === undefined || e.userId === q.userId) &&
    (q.decision === undefined || e.decision === q.decision);
}

export class AuditLog {
  retentionDays: number;
  /** Last write failure; null after a write succeeds. */
  lastError: Error | null = null;
  /** Entries dropped because the disk refused writes for too long. */
  dropped = 0;

  private ring: Ring;
  private queue: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private listeners = new Set<(entry: AuditEntry) => void>();
  private closed = false;
  private readonly flushDelayMs: number;
  private readonly maxQueued: number;

  private constructor(
    private readonly dir: string,
    opts: AuditLogOptions,
    private nextId: number,
    /** Day of the newest file: files never go back in time, so ids grow with file order. */
    private lastDay: string | null,
    /** Every entry on disk is also in the ring: no need to read files. */
    private ringCoversAll: boolean,
  ) {
    this.retentionDays = opts.retentionDays;
    this.ring = new Ring(opts.memoryEntries ?? 10_000);
    this.flushDelayMs = opts.flushDelayMs ?? 250;
    this.maxQueued = opts.maxQueued ?? 100_000;
  }

  /** Opens `<dir>/audit/`, continues ids after the last entry on disk, loads the newest ones. */
  static async open(dir: string, opts: AuditLogOptions): Promise<AuditLog> {
    const auditDir = path.join(dir, 'audit');
    await mkdir(auditDir, { recursive: true });
    const days = await listDays(auditDir);
    const newestDay = days[days.length - 1] ?? null;
    if (newestDay) await cutTornTail(dayFile(auditDir, newestDay));
    const capacity = opts.memoryEntries ?? 10_000;
    const newest: AuditEntry[] = [];
    let complete = true;
    outer: for (let i = days.length - 1; i >= 0; i--) {
      for await (const line of linesBackward(dayFile(auditDir, days[i]!))) {
        const entry = parseEntry(line);
        if (!entry) continue;
        if (newest.length >= capacity) {
          complete = false;
          break outer;
        }
        newest.push(entry);
      }
    }
    const lastId = newest.reduce((max, e) => Math.max(max, e.id), 0);
    const log = new AuditLog(auditDir, opts, lastId + 1, newestDay, complete);
    for (let i = newest.length - 1; i >= 0; i--) log.ring.push(newest[i]!);
    return log;
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  /** Assigns the id, keeps the entry in memory, tells subscribers, and queues it for disk. */
  record(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const full: AuditEntry = { id: this.nextId++, ...entry };
    if (this.ring.push(full)) this.ringCoversAll = false;
    this.queue.push(full);
    if (this.queue.length > this.maxQueued) this.dropped += this.queue.splice(0, this.queue.length - this.maxQueued).length;
    this.schedule();
    for (const listener of this.listeners) {
      try {
        listener(full);
      } catch {
        // A broken subscriber must not break the callback that is being audited.
      }
    }
    return full;
  }

  subscribe(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first. Memory first; older daily files only when memory does not go back far enough. */
  async query(q: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = Math.min(AUDIT_MAX_LIMIT, Math.max(1, Math.floor(q.limit ?? AUDIT_DEFAULT_LIMIT)));
    const before = q.before ?? Number.POSITIVE_INFINITY;
    const matches = matcher(q);
    const found: AuditEntry[] = [];
    for (const entry of this.ring.newestFirst()) {
      if (entry.id >= before || !matches(entry)) continue;
      found.push(entry);
      if (found.length >= limit) return found;
    }
    if (this.ringCoversAll) return found;
    const bound = Math.min(before, this.ring.oldest()?.id ?? before);
    const days = await listDays(this.dir);
    for (let i = days.length - 1; i >= 0; i--) {
      for await (const line of linesBackward(dayFile(this.dir, days[i]!))) {
        const entry = parseEntry(line);
        if (!entry || entry.id >= bound || !matches(entry)) continue;
        found.push(entry);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  /** Deletes daily files wholly older than the retention. Returns the days deleted. */
  async prune(now: number): Promise<string[]> {
    const cutoff = utcDay(now - this.retentionDays * DAY_MS);
    const deleted: string[] = [];
    for (const day of await listDays(this.dir)) {
      if (day >= cutoff || day === this.lastDay) continue;
      await unlink(dayFile(this.dir, day)).catch(() => undefined);
      deleted.push(day);
    }
    return deleted;
  }

  /** Writes everything queued. Rejects on a write error (the entries stay queued). */
  flush(): Promise<void> {
    const run = this.writing.then(() => this.writeQueued());
    this.writing = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.queue.length >= BATCH_NOW) {
      void this.flush().catch(() => undefined);
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => undefined);
    }, this.flushDelayMs);
    this.timer.unref();
  }

  private async writeQueued(): Promise<void> {
    const batch = this.queue.splice(0);
    let written = 0;
    let file: string | null = null;
    let sizeBefore = 0;
    try {
      while (written < batch.length) {
        // Never a day before the newest file, even if the clock went back.
        const first = batch[written]!;
        const entryDay = utcDay(first.at);
        const day = this.lastDay !== null && this.lastDay > entryDay ? this.lastDay : entryDay;
        let end = written;
        const lines: string[] = [];
        while (end < batch.length) {
          const e = batch[end]!;
          const d = utcDay(e.at);
          if ((d > day ? d : day) !== day) break;
          lines.push(JSON.stringify(e));
          end++;
        }
        file = dayFile(this.dir, day);
        sizeBefore = await stat(file).then((s) => s.size, () => 0);
        await appendFile(file, lines.join('\n') + '\n', 'utf8');
        this.lastDay = day;
        written = end;
      }
      this.lastError = null;
    } catch (err) {
      this.lastError = err instanceof Error ? err : new Error(String(err));
      this.queue.unshift(...batch.slice(written));
      // A half-written batch would glue onto (or repeat in) the retry: cut it off.
      if (file !== null) await truncate(file, sizeBefore).catch(() => undefined);
      throw this.lastError;
    }
  }
}
