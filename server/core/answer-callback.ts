// One callback, from the request to the reply: find `data`, check the sign, parse the event,
// let the monitor decide and record it (or, in forward mode, the studio's eventCenter first),
// and shape the reply the media server expects.

import { DenyCode, familyOf } from '../contract';
import { auditIdsOf, type ReplyPayload } from '../domain';
import { extractData, formatAllow, formatDeny, parseEvent, verifySign, wireBody, type CallbackRequest, type SignPolicy } from '../protocol';
import { replyFields, type CallbackOutcome } from './callback-outcome';
import { forwardCallback, forwardUnread, type ForwardDeps, type ForwardRequest } from './forward-callback';
import type { Monitor } from './monitor';

const RAW_LIMIT = 4096;

export interface AnswerDeps {
  monitor: Monitor;
  signPolicy: () => SignPolicy;
  /** Milliseconds from arrival within which every callback is answered, whatever the disk does. */
  answerBudgetMs: () => number;
  /** Forward mode, when the operator named an eventCenter; undefined: standalone. */
  forward?: () => ForwardDeps | undefined;
}

/** `arrived`: performance.now() when the request came in; the budget runs from there. */
export async function answerCallback(request: CallbackRequest, deps: AnswerDeps, at: number, arrived: number): Promise<CallbackOutcome> {
  const extracted = extractData(request);
  if (!extracted.ok) return refuse(extracted.code, extracted.reason, truncate(request.rawBody ?? request.queryText));
  const raw = truncate(extracted.data);
  const signCheck = verifySign(extracted.data, extracted.sign, deps.signPolicy());
  if (!signCheck.ok) return refuse(DenyCode.badSign, signCheck.reason, raw, { action: actionNamed(extracted.data) });
  const answerBy = arrived + deps.answerBudgetMs();
  const forward = deps.forward?.();
  const parsed = parseEvent(extracted.data);
  if (!parsed.ok) {
    const ids = { action: parsed.action ?? actionNamed(extracted.data), channelId: parsed.channelId ?? null, userId: parsed.userId ?? null };
    const theirs = forward ? await forwardUnread(ids.action, forwardRequestOf(request), forward, at, answerBy) : undefined;
    if (theirs) return { ...ids, ...theirs, reason: `${theirs.reason} (${parsed.reason})`, raw };
    return refuse(parsed.code, parsed.reason, raw, ids);
  }
  const event = parsed.event;
  const note = parsed.note ? ` (${parsed.note})` : '';
  if (forward) {
    const answer = await forwardCallback(event, forwardRequestOf(request), forward, at, answerBy);
    return { action: event.action, ...auditIdsOf(event), ...answer, reason: `${answer.reason}${note}`, raw };
  }
  const decision = await deps.monitor.handleCallback(event, at, answerBy);
  const ids = auditIdsOf(event);
  // Field by field, no spreads: nearly every callback comes out here.
  return {
    body: decision.allow ? allowBody(decision.reply) : wireBody(formatDeny(decision.code, familyOf(event.action))),
    allowed: decision.allow,
    action: event.action,
    channelId: ids.channelId,
    userId: ids.userId,
    code: decision.allow ? null : decision.code,
    reason: note === '' ? decision.reason : `${decision.reason}${note}`,
    raw,
  };
}

/** The "1" of a report ("ok") is the same bytes every time: made once. */
const OK_BODY = wireBody(formatAllow({ kind: 'text', text: 'ok' }));

function allowBody(reply: ReplyPayload): string {
  return reply.kind === 'text' && reply.text === 'ok' ? OK_BODY : wireBody(formatAllow(reply));
}

export function unreadableBody(message: string): CallbackOutcome {
  return refuse(DenyCode.missingArgument, `unreadable request body: ${message}`, null);
}

/** A failure of our own: answered like any refusal, with the reason kept for the operator. */
export function internalErrorOutcome(error: unknown): CallbackOutcome {
  return refuse(DenyCode.internalError, `internal error while handling the callback: ${(error as Error).message}`, null);
}

function refuse(code: number, reason: string, raw: string | null, ids: Partial<CallbackOutcome> = {}): CallbackOutcome {
  const action = ids.action ?? 'unknown';
  return { ...replyFields(formatDeny(code, familyOf(action))), channelId: null, userId: null, code, reason, raw, ...ids, action };
}

/** What the eventCenter is sent: the body as received (for GET, the query string) and its type. */
function forwardRequestOf(request: CallbackRequest): ForwardRequest {
  const get = request.method.toUpperCase() === 'GET' || request.method.toUpperCase() === 'HEAD';
  return {
    method: get ? 'GET' : 'POST',
    contentType: get ? null : (request.contentTypeHeader ?? request.contentType ?? null),
    body: get ? (request.queryText ?? '') : (request.rawBody ?? ''),
  };
}

/** The action named in a `data` we will not parse, so its refusal reads in its family's words. */
function actionNamed(data: string): string {
  return /"action"\s*:\s*"([A-Z0-9_]{1,80})"/.exec(data)?.[1] ?? 'unknown';
}

function truncate(text: string | null | undefined): string | null {
  if (text === undefined || text === null || text === '') return null;
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text;
}
