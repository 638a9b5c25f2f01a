// Forward mode (aec-media-server-2.9.6.md §11): the studio's eventCenter decides, we watch and
// keep the operator's levers on top. One callback: the levers first (a stateful or billable
// action they refuse is not forwarded), then the eventCenter within what is left of the answer
// budget, then what its reply teaches applied to our state. No usable answer in time: a
// fallback per kind of action. Never retried: a create sent twice makes two.

import { DenyCode, familyOf } from '../contract';
import { fallbackDecision, forwardedDespiteVeto, observeUpstream, operatorVeto, type AecEvent, type Decision, type Replay, type UpstreamAnswer } from '../domain';
import { formatAllow, formatDeny, readUpstreamReply, replyPreview, wireBody, wireForUpstream, type UpstreamWire } from '../protocol';
import type { CallbackOutcome } from './callback-outcome';
import type { Monitor } from './monitor';
import type { UpstreamHealthTracker, UpstreamTransition } from './upstream-health';

/** The request as the media server sent it: what the eventCenter is given, byte for byte. */
export type ForwardRequest = Pick<Replay, 'method' | 'contentType' | 'body'>;

export interface UpstreamPort {
  /** The reply body; rejects (refused, timed out, HTTP error, too large) with the reason. */
  send(url: string, request: ForwardRequest, timeoutMs: number): Promise<string>;
}

export interface ForwardSettings {
  url: string;
  timeoutMs: number;
  normalise: boolean;
  degradedCreates: boolean;
}

export interface ForwardDeps {
  monitor: Monitor;
  upstream: UpstreamPort;
  health: UpstreamHealthTracker;
  forwardSettings: () => ForwardSettings;
  /** The eventCenter went down or came back. */
  onTransition: (transition: Exclude<UpstreamTransition, null>, message: string, at: number) => void;
  /** A teardown was queued for replay. */
  onReplayQueued: () => void;
}

/** Time kept for our own work after the eventCenter's, so the answer still fits the budget. */
const OWN_WORK_MS = 50;
const RAW_REPLY_LIMIT = 300;
const DENIED_BY_UPSTREAM = DenyCode.upstreamDenied;

type Answer = Pick<CallbackOutcome, 'body' | 'allowed' | 'code' | 'reason'>;

export async function forwardCallback(event: AecEvent, request: ForwardRequest, deps: ForwardDeps, at: number, answerBy: number): Promise<Answer> {
  const { monitor } = deps;
  const veto = operatorVeto(monitor.state, event, at, monitor.settings);
  if (veto && !forwardedDespiteVeto(event.action)) {
    const decision = await monitor.settle(event, () => veto, at, answerBy);
    return ours(decision, event, ' (the operator\'s lever: not forwarded to the eventCenter)');
  }
  const settings = deps.forwardSettings();
  const asked = await askUpstream(settings, request, deps, at, answerBy);
  if (!asked.ok) return fallBack(event, request, asked.why, deps, settings, at, answerBy);
  const { reading, body } = asked;
  const answer: UpstreamAnswer = { allowed: reading.allowed, data: reading.data, raw: replyPreview(body, RAW_REPLY_LIMIT) };
  const decision = await monitor.settle(event, (state, decisionSettings) => observeUpstream(state, event, answer, at, decisionSettings), at, answerBy);
  const theirs = decision.allow === reading.allowed && (decision.allow || decision.code === DENIED_BY_UPSTREAM);
  // Our "0" (a lever pulled meanwhile, or the disk refusing changes) replaces the eventCenter's answer.
  if (!theirs) return ours(decision, event, ` (the eventCenter answered ${answer.raw})`);
  const wire = wireForUpstream(body, reading, event.action, settings.normalise);
  const reason = `${decision.reason}${wireNotes(wire, deps.health)}`;
  return { body: wire.body, allowed: reading.allowed, code: decision.allow ? null : decision.code, reason };
}

/**
 * A callback we cannot read (unknown shape, missing field) still goes to the eventCenter, which
 * may know it; nothing is learned from it. Undefined when the eventCenter gave no usable answer.
 */
export async function forwardUnread(action: string, request: ForwardRequest, deps: ForwardDeps, at: number, answerBy: number): Promise<Answer | undefined> {
  const settings = deps.forwardSettings();
  const asked = await askUpstream(settings, request, deps, at, answerBy);
  if (!asked.ok) {
    deps.health.fellBack(at);
    return undefined;
  }
  const wire = wireForUpstream(asked.body, asked.reading, action, settings.normalise);
  const what = asked.reading.allowed ? 'eventCenter: yes' : `denied by upstream (reply ${replyPreview(asked.body, RAW_REPLY_LIMIT)})`;
  return { body: wire.body, allowed: asked.reading.allowed, code: asked.reading.allowed ? null : DENIED_BY_UPSTREAM, reason: `${what}; not read here${wireNotes(wire, deps.health)}` };
}

type Asked = { ok: true; body: string; reading: Extract<ReturnType<typeof readUpstreamReply>, { readable: true }> } | { ok: false; why: string };

async function askUpstream(settings: ForwardSettings, request: ForwardRequest, deps: ForwardDeps, at: number, answerBy: number): Promise<Asked> {
  const timeoutMs = Math.min(settings.timeoutMs, answerBy - performance.now() - OWN_WORK_MS);
  if (timeoutMs < 1) return failed(deps, 'no time left in the answer budget', at);
  const started = performance.now();
  let body: string;
  try {
    body = await deps.upstream.send(settings.url, request, timeoutMs);
  } catch (error) {
    return failed(deps, error instanceof Error ? error.message : String(error), at);
  }
  const reading = readUpstreamReply(body);
  if (!reading.readable) return failed(deps, `answered something that is not a reply: ${reading.why}`, at);
  const transition = deps.health.answered(performance.now() - started, at);
  if (transition) deps.onTransition(transition, `the eventCenter at ${settings.url} answers again`, at);
  return { ok: true, body, reading };
}

function failed(deps: ForwardDeps, why: string, at: number): { ok: false; why: string } {
  const message = `eventCenter ${why}`;
  const transition = deps.health.failed(message, at);
  if (transition) deps.onTransition(transition, message, at);
  return { ok: false, why: message };
}

async function fallBack(event: AecEvent, request: ForwardRequest, why: string, deps: ForwardDeps, settings: ForwardSettings, at: number, answerBy: number): Promise<Answer> {
  deps.health.fellBack(at);
  const input = { why, request: { action: event.action, ...request }, degradedCreates: settings.degradedCreates };
  const decision = await deps.monitor.settle(event, (state, decisionSettings) => fallbackDecision(state, event, at, decisionSettings, input), at, answerBy);
  if (decision.changes.some((change) => change.op === 'replayQueued')) deps.onReplayQueued();
  return ours(decision, event, '');
}

function ours(decision: Decision, event: AecEvent, note: string): Answer {
  const reply = decision.allow ? formatAllow(decision.reply) : formatDeny(decision.code, familyOf(event.action));
  return { body: wireBody(reply), allowed: decision.allow, code: decision.allow ? null : decision.code, reason: `${decision.reason}${note}` };
}

/** What became of the eventCenter's reply on its way out, counted, as a suffix for the reason. */
function wireNotes(wire: UpstreamWire, health: UpstreamHealthTracker): string {
  const notes: string[] = [];
  if (wire.rewrite !== null) {
    health.rewrittenReplies += 1;
    if (wire.dangerous) health.dangerousReplies += 1;
    notes.push(`${wire.dangerous ? 'DANGEROUS reply rewritten' : 'reply normalised'}: ${wire.rewrite}`);
  }
  if (wire.unreadable !== null) {
    health.unreadableReplies += 1;
    notes.push(`2.9.6 cannot read the eventCenter's reply (${wire.unreadable}); sent as it was`);
  }
  return notes.map((note) => `; ${note}`).join('');
}
