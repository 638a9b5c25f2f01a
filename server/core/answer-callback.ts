// One callback, from the request to the reply: find `data`, check the sign, parse the event,
// let the monitor decide and record it, and shape the reply the media server expects.

import { DenyCode } from '../contract';
import { extractData, formatAllow, formatDeny, parseEvent, verifySign, type CallbackRequest } from '../protocol';
import type { CallbackOutcome } from './callback-outcome';
import type { Monitor } from './monitor';

const RAW_LIMIT = 4096;

export interface AnswerDeps {
  monitor: Monitor;
  guardToken: () => string | null;
}

export async function answerCallback(request: CallbackRequest, deps: AnswerDeps, at: number): Promise<CallbackOutcome> {
  const extracted = extractData(request);
  if (!extracted.ok) return refuse(extracted.code, extracted.reason, truncate(request.rawBody ?? request.queryText));
  const raw = truncate(extracted.data);
  const signCheck = verifySign(extracted.data, extracted.sign, deps.guardToken() ?? undefined);
  if (!signCheck.ok) return refuse(DenyCode.badSign, signCheck.reason, raw);
  const parsed = parseEvent(extracted.data);
  if (!parsed.ok) {
    return refuse(parsed.code, parsed.reason, raw, {
      action: parsed.action ?? 'unknown',
      channelId: parsed.channelId ?? null,
      userId: parsed.userId ?? null,
    });
  }
  const event = parsed.event;
  const decision = await deps.monitor.handleCallback(event, at);
  return {
    reply: decision.allow ? formatAllow(decision.reply) : formatDeny(decision.code),
    action: event.action,
    channelId: 'channelId' in event && event.channelId !== undefined ? event.channelId : null,
    userId: 'userId' in event && event.userId !== undefined ? event.userId : null,
    code: decision.allow ? null : decision.code,
    reason: decision.reason,
    raw,
  };
}

export function unreadableBody(message: string): CallbackOutcome {
  return refuse(DenyCode.missingArgument, `unreadable request body: ${message}`, null);
}

/** A failure of our own: answered like any refusal, with the reason kept for the operator. */
export function internalErrorOutcome(error: unknown): CallbackOutcome {
  return refuse(DenyCode.internalError, `internal error while handling the callback: ${(error as Error).message}`, null);
}

function refuse(code: number, reason: string, raw: string | null, ids: Partial<CallbackOutcome> = {}): CallbackOutcome {
  return { reply: formatDeny(code), action: 'unknown', channelId: null, userId: null, code, reason, raw, ...ids };
}

function truncate(text: string | null | undefined): string | null {
  if (text === undefined || text === null || text === '') return null;
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text;
}
