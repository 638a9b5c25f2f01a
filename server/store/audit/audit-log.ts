// Audit log of every callback and operator action: newest entries in memory, all of them in
// gzip day files written in batches (see auditSegment.ts, auditCodec.ts for why they are small).
// Not state: no fsync per entry, losing the last fraction of a second on a crash is acceptable.

import { mkdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ACTION_NAMES, ACTIONS, type AuditEntry, type AuditQuery } from '../../contract';
import { AUDIT_DIR, listAuditFiles, scanFile, utcDay } from './audit-files';
import { AuditRing, auditHints, auditMatcher } from './audit-ring';
import { AuditSegment } from './audit-segment';

export interface AuditLogOptions {
  retentionDays: number;
  /** The folder is kept under this many bytes by deleting the oldest days; default 2 GiB. */
  maxBytes?: number;
  /** Newest entries kept in memory; default 10,000. */
  memoryEntries?: number;
  /** Entries wait this long to be written together; default 250 ms. */
  flushDelayMs?: number;
  /** Entries kept in memory while the disk refuses writes; beyond it the oldest are dropped. */
  maxQueued?: number;
  /** Uncompressed bytes after which a day goes on in a new file, so no read decompresses a
   * whole busy day; default 32 MiB (about 200,000 entries, 5 MB on disk). */
  fileBytes?: number;
}

export const AUDIT_DEFAULT_LIMIT = 200;
export const AUDIT_MAX_LIMIT = 1000;
export const AUDIT_DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const DAY_MS = 86_400_000;
const BATCH_NOW = 1000;
/**
 * zlib's threads run on the cores the callbacks need: level 9 took 6.6 µs of CPU an entry for
 * 7% less disk than level 6 at 2.2 µs (100,000 USER_PLAYING entries, written as the log batches them).
 */
const GZIP_LEVEL = 6;
/** Allowed reports that come every minute per viewer or uploader: their raw data says nothing
 * the entry does not, and at 10k viewers it would be most of the log. */
const ROUTINE_ACTIONS: ReadonlySet<string> = new Set(ACTION_NAMES.filter((name) => ACTIONS[name].role === 'report'));

export class AuditLog {
  retentionDays: number;
  maxBytes: number;
  /** Last write failure; null after a write succeeds. */
  lastError: Error | null = null;
  /** Entries dropped because the disk refused writes for too long. */
  dropped = 0;

  private ring: AuditRing;
  private queue: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private listeners = new Set<(entry: AuditEntry) => void>();
  private closed = false;
  private segment: AuditSegment | null = null;
  private readonly flushDelayMs: number;
  private readonly maxQueued: number;
  private readonly fileBytes: number;

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
    this.maxBytes = opts.maxBytes ?? AUDIT_DEFAULT_MAX_BYTES;
    this.ring = new AuditRing(opts.memoryEntries ?? 10_000);
    this.flushDelayMs = opts.flushDelayMs ?? 250;
    this.maxQueued = opts.maxQueued ?? 100_000;
    this.fileBytes = opts.fileBytes ?? 32 * 1024 ** 2;
  }

  /** Opens `<dir>/audit/`, continues ids after the last entry on disk, loads the newest ones. */
  static async open(dir: string, opts: AuditLogOptions): Promise<AuditLog> {
    const auditDir = path.join(dir, AUDIT_DIR);
    await mkdir(auditDir, { recursive: true });
    const files = await listAuditFiles(auditDir);
    const capacity = opts.memoryEntries ?? 10_000;
    const newest: AuditEntry[] = [];
    let complete = true;
    for (let i = files.length - 1; i >= 0 && complete; i--) {
      const want = capacity - newest.length;
      const scan = await scanFile(files[i]!.path, want, () => true);
      newest.push(...scan.newest);
      if (scan.matched > want) complete = false;
    }
    const lastId = newest.reduce((max, e) => Math.max(max, e.id), 0);
    const log = new AuditLog(auditDir, opts, lastId + 1, files[files.length - 1]?.day ?? null, complete);
    for (let i = newest.length - 1; i >= 0; i--) log.ring.push(newest[i]!);
    return log;
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  /** Assigns the id, keeps the entry in memory, tells subscribers, and queues it for disk. */
  record(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    // Field by field (a spread with the id before it copied key by key, thousands a second); a
    // caller's stray `id` never takes the place of the next one.
    const full: AuditEntry = {
      id: this.nextId++,
      at: entry.at,
      action: entry.action,
      channelId: entry.channelId,
      userId: entry.userId,
      decision: entry.decision,
      code: entry.code,
      reason: entry.reason,
      latencyMs: entry.latencyMs,
      raw: entry.raw !== null && entry.decision === 'allow' && ROUTINE_ACTIONS.has(entry.action) ? null : entry.raw,
      remote: entry.remote,
    };
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

  /** Newest first. Memory first; older files only when memory does not go back far enough. */
  /** `maxFiles` bounds how many files are read past memory (a page's "recent events" need few). */
  async query(q: AuditQuery = {}, opts: { maxFiles?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(AUDIT_MAX_LIMIT, Math.max(1, Math.floor(q.limit ?? AUDIT_DEFAULT_LIMIT)));
    const before = q.before ?? Number.POSITIVE_INFINITY;
    const matches = auditMatcher(q);
    const found: AuditEntry[] = [];
    for (const entry of this.ring.newestFirst()) {
      if (entry.id >= before || !matches(entry)) continue;
      found.push(entry);
      if (found.length >= limit) return found;
    }
    if (this.ringCoversAll) return found;
    const bound = Math.min(before, this.ring.oldest()?.id ?? before);
    const files = await listAuditFiles(this.dir);
    const hints = auditHints(q);
    const oldest = Math.max(0, files.length - (opts.maxFiles ?? files.length));
    for (let i = files.length - 1; i >= oldest; i--) {
      const scan = await scanFile(files[i]!.path, limit - found.length, (e) => e.id < bound && matches(e), hints);
      found.push(...scan.newest);
      if (found.length >= limit) return found;
    }
    return found;
  }

  /**
   * Deletes the days wholly older than the retention, then the oldest days while the folder is
   * over `maxBytes`; never the day of `now` nor the day being written. Returns the days deleted.
   */
  async prune(now: number): Promise<string[]> {
    const cutoff = utcDay(now - this.retentionDays * DAY_MS);
    const kept = new Set([utcDay(now), this.lastDay]);
    const days = new Map<string, { paths: string[]; bytes: number }>();
    let total = 0;
    for (const file of await listAuditFiles(this.dir)) {
      const bytes = await stat(file.path).then((s) => s.size, () => 0);
      const day = days.get(file.day) ?? { paths: [], bytes: 0 };
      day.paths.push(file.path);
      day.bytes += bytes;
      days.set(file.day, day);
      total += bytes;
    }
    const deleted: string[] = [];
    for (const [day, files] of days) {
      // Oldest first (the listing is sorted): past the retention, or the folder is too big.
      if (kept.has(day) || (day >= cutoff && total <= this.maxBytes)) continue;
      for (const file of files.paths) await unlink(file).catch(() => undefined);
      total -= files.bytes;
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

  /** Writes what is queued and finishes the open file. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      await this.flush();
    } finally {
      const finishing = this.writing.then(async () => {
        const segment = this.segment;
        this.segment = null;
        await segment?.finish();
      });
      this.writing = finishing;
      await finishing;
    }
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

  /** The file for a batch of `day`: the open one, unless the day changed, it is full or broken. */
  private async segmentFor(day: string): Promise<AuditSegment> {
    const current = this.segment;
    if (current && current.day === day && !current.broken && current.plainBytes < this.fileBytes) return current;
    this.segment = null;
    await current?.finish();
    this.segment = await AuditSegment.create(this.dir, day, GZIP_LEVEL);
    return this.segment;
  }

  private async writeQueued(): Promise<void> {
    const batch = this.queue.splice(0);
    let written = 0;
    try {
      while (written < batch.length) {
        // Never a day before the newest file, even if the clock went back.
        const entryDay = utcDay(batch[written]!.at);
        const day = this.lastDay !== null && this.lastDay > entryDay ? this.lastDay : entryDay;
        const dayEnd = Date.parse(`${day}T00:00:00Z`) + DAY_MS;
        let end = written + 1;
        while (end < batch.length && batch[end]!.at < dayEnd) end++;
        const segment = await this.segmentFor(day);
        await segment.append(batch.slice(written, end));
        this.lastDay = day;
        written = end;
      }
      this.lastError = null;
    } catch (err) {
      this.lastError = err instanceof Error ? err : new Error(String(err));
      this.queue.unshift(...batch.slice(written));
      throw this.lastError;
    }
  }
}
