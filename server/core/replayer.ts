// Forward mode: teardowns answered by fallback while the eventCenter was down are sent to it
// again, oldest first, one at a time, until each one got a reply (at least once: the reference's
// handlers tolerate repeats; its "0" counts as delivered, an error page does not). A replay leaves the queue only once its delivery is
// journaled, so a crash in between sends it again rather than never.

import { SYSTEM_AUDIT_ACTIONS } from '../contract';
import { readUpstreamReply, replyPreview } from '../protocol';
import type { Replay, State } from '../domain';
import { systemEntry, type AuditSink } from './audit-entry';
import type { ForwardSettings, UpstreamPort } from './forward-callback';
import type { Monitor } from './monitor';

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

export interface ReplayerDeps {
  monitor: Monitor;
  upstream: UpstreamPort;
  forwardSettings: () => ForwardSettings | undefined;
  audit: AuditSink;
  now: () => number;
  /** A replay got its reply: the eventCenter answers again, even when no callback came meanwhile. */
  onDelivered?: (latencyMs: number, at: number) => void;
}

export class Replayer {
  private running = false;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;

  constructor(private readonly deps: ReplayerDeps) {}

  /** A replay was queued: sent now, unless a retry is already planned (the eventCenter is failing). */
  kick(): void {
    if (this.stopped || this.running || this.timer !== undefined) return;
    this.current = this.drain();
  }

  /** The eventCenter answered again: what waits goes now, and the back-off starts over. */
  upstreamBack(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.retryMs = FIRST_RETRY_MS;
    this.kick();
  }

  get pending(): number {
    return this.deps.monitor.state.replays.size;
  }

  /** Stops after the replay in flight, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let next = oldest(this.deps.monitor.state); next && !this.stopped; next = oldest(this.deps.monitor.state)) {
        const settings = this.deps.forwardSettings();
        if (!settings) return; // standalone again: kept until forward mode returns
        if (!(await this.deliver(next, settings))) {
          this.retryLater();
          return;
        }
      }
      this.retryMs = FIRST_RETRY_MS;
    } finally {
      this.running = false;
    }
  }

  private async deliver(replay: Replay, settings: ForwardSettings): Promise<boolean> {
    let reply: string;
    const started = performance.now();
    try {
      reply = await this.deps.upstream.send(settings.url, replay, settings.timeoutMs);
    } catch {
      return false;
    }
    // Garbage (an error page) is no proof it was handled: kept, and sent again later.
    if (!readUpstreamReply(reply).readable) return false;
    const at = this.deps.now();
    this.deps.onDelivered?.(performance.now() - started, at);
    await this.deps.monitor.record([{ op: 'replayDone', replayId: replay.id, at }], at);
    this.deps.audit.record(
      systemEntry({
        at,
        action: SYSTEM_AUDIT_ACTIONS.upstreamReplayed,
        decision: 'allow',
        reason: `${replay.action} answered by fallback at ${new Date(replay.queuedAt).toISOString()} delivered to the eventCenter (replay ${replay.id}); it answered ${replyPreview(reply, 200)}`,
      }),
    );
    return true;
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }
}

/** The oldest replay: the map keeps the order they were queued in, also across a restart. */
function oldest(state: State): Replay | undefined {
  return state.replays.values().next().value;
}
