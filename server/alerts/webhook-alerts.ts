// Alerts to the operator's phone: every notice the core raises goes, through the same repeat
// guard and in the same words as the desktop notifications, to each webhook that takes its kind.
// Delivery runs beside the live core and never holds up a callback: a target that does not
// answer is tried a few times with growing pauses, then given up and the failure written to the
// audit log, where the operator sees it.

import { hostname } from 'node:os';
import pRetry from 'p-retry';
import { NOTICE_KINDS, SYSTEM_AUDIT_ACTIONS, type Notice, type WebhookTarget, type WebhookTestResult } from '../contract';
import { systemEntry, type AuditSink } from '../core/audit-entry';
import { NotificationGate, type NotificationSwitches } from './notice-gate';
import type { NotificationText } from './notice-text';
import { testText, webhookBody } from './webhook-message';
import { postWebhook, type AttemptOutcome } from './webhook-post';

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Pause before the first retry; each later pause is `factor` times longer. */
  firstPauseMs: number;
  factor: number;
  /** How long one attempt may wait for an answer. */
  timeoutMs: number;
}

/** Three attempts over about half a minute: long enough for a bot's rate limit to pass. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 2, firstPauseMs: 5_000, factor: 4, timeoutMs: 10_000 };

/** Alerts waiting for one target; beyond this a flood is dropped (and recorded) rather than queued for hours. */
export const MAX_WAITING_PER_TARGET = 20;

export interface WebhookAlertsDeps {
  /** The targets in effect, read at each notice so a settings change applies at once. */
  targets(): readonly WebhookTarget[];
  audit: AuditSink;
  now(): number;
  log(line: string): void;
  retry?: RetryPolicy;
  /** The machine name the messages carry; defaults to this machine's. */
  host?: string;
}

class FailedAttempt extends Error {
  constructor(readonly outcome: Extract<AttemptOutcome, { ok: false }>) {
    super(outcome.error);
  }
}

export class WebhookAlerts {
  private readonly gate = new NotificationGate();
  private readonly stopping = new AbortController();
  private readonly retry: RetryPolicy;
  private readonly host: string;
  /** Per target (format and URL): the tail of its delivery chain and how many wait in it. */
  private readonly lines = new Map<string, { tail: Promise<void>; waiting: number }>();
  private readonly unfollow: (() => void)[] = [];

  constructor(private readonly deps: WebhookAlertsDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.host = deps.host ?? hostname();
  }

  /** A notice from the core: told to each target that takes its kind, unless it is a repeat. */
  notice(notice: Notice): void {
    if (this.stopping.signal.aborted) return;
    const targets = this.deps.targets().filter((target) => target.events.includes(notice.kind));
    if (targets.length === 0) return;
    const text = this.gate.decide(notice, wantedKinds(targets), this.deps.now());
    if (text === null) return;
    for (const target of targets) this.enqueue(target, notice, text);
  }

  /** POST /api/webhooks/test: one attempt per target, answered as it went. */
  async test(targets: readonly WebhookTarget[]): Promise<WebhookTestResult[]> {
    return Promise.all(
      targets.map(async (target) => {
        const body = webhookBody(target.format, testText(), null, { host: this.host, at: this.deps.now() });
        const outcome = await postWebhook(target.url, target.format, body, { timeoutMs: this.retry.timeoutMs, signal: this.stopping.signal });
        return outcome.ok
          ? { url: target.url, ok: true, status: outcome.status, error: null }
          : { url: target.url, ok: false, status: outcome.status, error: outcome.error };
      }),
    );
  }

  /** Resolves once every alert queued so far is delivered or given up. */
  async settled(): Promise<void> {
    while ([...this.lines.values()].some((line) => line.waiting > 0)) {
      await Promise.all([...this.lines.values()].map((line) => line.tail));
    }
  }

  /** Takes the notices of a source (the core) until stopped. */
  follow(subscribe: (listener: (notice: Notice) => void) => () => void): void {
    this.unfollow.push(subscribe((notice) => this.notice(notice)));
  }

  /** Ends pauses and attempts in flight; what is still undelivered is recorded as failed. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unfollow.splice(0)) unsubscribe();
    this.stopping.abort(new Error('the server stopped before it was delivered'));
    await this.settled();
  }

  private enqueue(target: WebhookTarget, notice: Notice, text: NotificationText): void {
    const key = `${target.format} ${target.url}`;
    const line = this.lines.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    this.lines.set(key, line);
    if (line.waiting >= MAX_WAITING_PER_TARGET) {
      this.recordFailure(target, notice, text, 0, `dropped: ${MAX_WAITING_PER_TARGET} alerts were already waiting for this target`);
      return;
    }
    line.waiting += 1;
    // One at a time per target, so a phone reads "live" before "stale" for the same channel.
    line.tail = line.tail.then(async () => {
      await this.deliver(target, notice, text);
      line.waiting -= 1;
    });
  }

  private async deliver(target: WebhookTarget, notice: Notice, text: NotificationText): Promise<void> {
    const body = webhookBody(target.format, text, notice, { host: this.host, at: this.deps.now() });
    let attempts = 0;
    try {
      await pRetry(
        async () => {
          attempts += 1;
          const outcome = await postWebhook(target.url, target.format, body, { timeoutMs: this.retry.timeoutMs, signal: this.stopping.signal });
          if (!outcome.ok) throw new FailedAttempt(outcome);
        },
        {
          retries: this.retry.retries,
          minTimeout: this.retry.firstPauseMs,
          factor: this.retry.factor,
          signal: this.stopping.signal,
          unref: true,
          shouldRetry: ({ error }) => error instanceof FailedAttempt && error.outcome.retry,
        },
      );
    } catch (error) {
      this.recordFailure(target, notice, text, attempts, (error as Error).message);
    }
  }

  private recordFailure(target: WebhookTarget, notice: Notice, text: NotificationText, attempts: number, why: string): void {
    const tries = attempts === 0 ? '' : ` after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
    // The host only: a bot's URL carries its secret key in the path or query.
    const reason = `"${text.title}" not delivered to the ${target.format} webhook at ${hostOf(target.url)}${tries}: ${why}`;
    const channelId = 'channelId' in notice ? notice.channelId : null;
    this.deps.audit.record({ ...systemEntry({ at: this.deps.now(), action: SYSTEM_AUDIT_ACTIONS.webhookFailed, decision: 'error', reason }), channelId });
    this.deps.log(`WARNING: alert ${reason}`);
  }
}

/** The kinds at least one of these targets takes. */
function wantedKinds(targets: readonly WebhookTarget[]): NotificationSwitches {
  return Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, targets.some((target) => target.events.includes(kind))])) as NotificationSwitches;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unreadable address';
  }
}

/** What startWebhookAlerts needs of the core (open-core's Core has all of it). */
export interface AlertSources {
  onNotice(listener: (notice: Notice) => void): () => void;
  settings: { view(): { webhooks: WebhookTarget[] } };
  audit: AuditSink;
  now(): number;
  log(line: string): void;
}

/** Follows the core's notices until stopped. */
export function startWebhookAlerts(core: AlertSources, retry?: RetryPolicy): WebhookAlerts {
  const alerts = new WebhookAlerts({
    targets: () => core.settings.view().webhooks,
    audit: core.audit,
    now: () => core.now(),
    log: (line) => core.log(line),
    ...(retry ? { retry } : {}),
  });
  alerts.follow(core.onNotice.bind(core));
  return alerts;
}
