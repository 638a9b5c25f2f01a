// The fake media server, in-process: plays a Studio against a callback URL in (accelerated)
// real time, obeys the answers, and keeps the counts the CLI, the demo and the dashboard show.

import { performance } from 'node:perf_hooks';
import { CallbackSender } from './sender';
import { Studio, type StudioCounts } from './studio';
import { TICK_SECONDS } from './model';
import { consumedAnswer } from './reply-consumers';

export interface SimulatorOptions {
  /** The business URL, as the operator would put it in `aecurl=`. */
  url: string;
  /** Channels going at once; default 6. */
  channels?: number;
  /** Peak concurrent viewers; default 60. */
  viewers?: number;
  /** One-to-one calls at once, on average; default a third of the channels. */
  calls?: number;
  /** IM groups; default 3. */
  groups?: number;
  /** The media server restarts every this many simulated minutes (IS_EXIST and SYNC_ALL bursts); default never. */
  restartEveryMinutes?: number;
  /** Simulated seconds per real second; 60 makes a simulated minute last one second. Default 1. */
  speed?: number;
  /** Same seed, same answers: same callbacks. Default: derived from the start time. */
  seed?: number | string;
  /** Stop after this many real seconds; default: run until stop(). */
  durationSeconds?: number;
  /** Stop after this much simulated time (tests and short demos). */
  simulatedMinutes?: number;
  /** The key the sign is made with; default the factory key 12345678, as 2.9.6 signs. */
  signKey?: string;
  /** Requests on the wire at once; default 32. */
  maxInFlight?: number;
  /** Start of the simulated clock for `ts` and `time`, epoch ms; default Date.now. */
  now?: () => number;
}

export interface ActionCounts {
  sent: number;
  allowed: number;
  denied: number;
  errors: number;
}

/** What the simulated media server holds (StudioCounts), and what it sent and got back. */
export interface SimulationStatus extends Omit<StudioCounts, 'tick'> {
  running: boolean;
  seed: string;
  speed: number;
  /** Callbacks that reached the wire (answered or failed). */
  sent: number;
  allowed: number;
  denied: number;
  errors: number;
  /** Sum of `discharge` in PLAYING / OFFLINE callbacks that were answered ("1" or "0"). */
  bytesSent: number;
  /** The part of bytesSent whose callback was answered "0". */
  bytesDenied: number;
  simulatedSeconds: number;
  elapsedMs: number;
  /** Callbacks per real second, over the last progress interval. */
  ratePerSecond: number;
  lastError: string | null;
  actions: Record<string, ActionCounts>;
}

/** Stop trying when this many callbacks failed before any got an answer (wrong URL). */
const GIVE_UP_AFTER_ERRORS = 10;

export class Simulator {
  private readonly studio: Studio;
  private readonly sender: CallbackSender;
  private readonly speed: number;
  private readonly seed: string;
  private readonly now: () => number;
  private startSeconds = 0;
  private readonly listeners = new Set<(status: SimulationStatus) => void>();
  private readonly counts = { sent: 0, allowed: 0, denied: 0, errors: 0, bytesSent: 0, bytesDenied: 0 };
  private readonly actions: Record<string, ActionCounts> = {};
  private lastError: string | null = null;
  private running = false;
  private stopping = false;
  private startedAt = 0;
  private stoppedAt = 0;
  private rate = { at: 0, sent: 0, perSecond: 0 };
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private markStopped: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));

  constructor(private readonly options: SimulatorOptions) {
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new Error('speed must be above 0');
    this.seed = String(options.seed ?? Date.now() % 1_000_000_000);
    this.now = options.now ?? Date.now;
    this.studio = new Studio({
      channels: options.channels ?? 6,
      viewers: options.viewers ?? 60,
      seed: this.seed,
      ...(options.calls !== undefined ? { calls: options.calls } : {}),
      ...(options.groups !== undefined ? { groups: options.groups } : {}),
      ...(options.restartEveryMinutes !== undefined ? { restartEveryMinutes: options.restartEveryMinutes } : {}),
    });
    this.sender = new CallbackSender({
      url: options.url,
      maxInFlight: options.maxInFlight ?? 32,
      ...(options.signKey !== undefined ? { signKey: options.signKey } : {}),
    });
  }

  start(): void {
    if (this.loop) throw new Error('the simulator was already started');
    this.running = true;
    this.startedAt = performance.now();
    this.startSeconds = Math.floor(this.now() / 1000);
    this.rate = { at: this.startedAt, sent: 0, perSecond: 0 };
    const progress = setInterval(() => this.tellProgress(), 1000);
    progress.unref();
    this.timers.push(progress);
    if (this.options.durationSeconds !== undefined) {
      const limit = setTimeout(() => void this.stop(), this.options.durationSeconds * 1000);
      limit.unref();
      this.timers.push(limit);
    }
    this.loop = this.run().catch((err: unknown) => {
      this.lastError = err instanceof Error ? err.message : String(err);
    });
    void this.loop.then(() => this.stop());
  }

  /** Stops sending (queued callbacks are dropped, those on the wire are awaited). Idempotent. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.wake?.();
      for (const timer of this.timers) clearInterval(timer);
      await this.sender.close();
      await this.loop;
      this.stoppedAt = performance.now();
      this.running = false;
      this.tellProgress();
      this.markStopped();
      return;
    }
    await this.loop;
    await this.sender.close();
  }

  /** Resolves when the run has ended, by stop(), --duration or simulatedMinutes. */
  whenStopped(): Promise<void> {
    return this.stopped;
  }

  /** Called about once a second while running, and once more when stopped. Returns an unsubscribe. */
  onProgress(listener: (status: SimulationStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SimulationStatus {
    const studio = this.studio.counts();
    const end = this.running || this.stoppedAt === 0 ? performance.now() : this.stoppedAt;
    return {
      running: this.running,
      seed: this.seed,
      speed: this.speed,
      ...this.counts,
      channels: studio.channels,
      liveChannels: studio.liveChannels,
      uploaders: studio.uploaders,
      calls: studio.calls,
      groups: studio.groups,
      viewers: studio.viewers,
      simulatedSeconds: this.studio.simulatedSeconds,
      elapsedMs: this.startedAt === 0 ? 0 : Math.round(end - this.startedAt),
      ratePerSecond: this.rate.perSecond,
      lastError: this.lastError,
      actions: structuredClone(this.actions),
    };
  }

  private async run(): Promise<void> {
    const tickMs = (TICK_SECONDS * 1000) / this.speed;
    const limit = this.options.simulatedMinutes;
    for (let n = 1; !this.stopping; n++) {
      // ts on the simulated clock: a media server's once-a-minute reports are a minute apart
      // whatever the speed (same ts twice would be a retry), and runs replay the same.
      const events = this.studio.next(this.startSeconds + this.studio.simulatedSeconds);
      const results = await Promise.all(
        events.map((event) =>
          this.sender.send(event.data).then((sent) => {
            const result = sent.kind === 'cancelled' ? sent : consumedAnswer(event.action, sent);
            if (result.kind !== 'cancelled') this.count(event.action, result.kind, event.discharge, result.kind === 'error' ? result.message : undefined);
            return result;
          }),
        ),
      );
      if (this.stopping) return; // a half-sent tick is not applied
      // Answers are applied in the order the callbacks were planned, whatever order they came in.
      events.forEach((event, i) => {
        const result = results[i];
        if (result && result.kind !== 'cancelled') event.onAnswer(result);
      });
      if (limit !== undefined && this.studio.simulatedSeconds >= limit * 60) return;
      if (this.counts.errors >= GIVE_UP_AFTER_ERRORS && this.counts.allowed + this.counts.denied === 0) {
        this.lastError = `no answer from ${this.options.url}: ${this.lastError ?? 'unknown error'}`;
        return;
      }
      await this.sleep(this.startedAt + n * tickMs - performance.now());
    }
  }

  private count(action: string, kind: 'allow' | 'deny' | 'error', discharge: number, error: string | undefined): void {
    const perAction = (this.actions[action] ??= { sent: 0, allowed: 0, denied: 0, errors: 0 });
    this.counts.sent++;
    perAction.sent++;
    if (kind === 'error') {
      this.counts.errors++;
      perAction.errors++;
      this.lastError = error ?? 'error';
      return;
    }
    this.counts.bytesSent += discharge;
    if (kind === 'allow') {
      this.counts.allowed++;
      perAction.allowed++;
    } else {
      this.counts.denied++;
      this.counts.bytesDenied += discharge;
      perAction.denied++;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private tellProgress(): void {
    const at = performance.now();
    const seconds = (at - this.rate.at) / 1000;
    if (seconds > 0.2) {
      this.rate = { at, sent: this.counts.sent, perSecond: Math.round((this.counts.sent - this.rate.sent) / seconds) };
    }
    const status = this.status();
    for (const listener of [...this.listeners]) listener(status);
  }
}
