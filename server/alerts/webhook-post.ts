// One delivery attempt: POST the body, then read the answer the way the receiver means it.
// Chat bots answer HTTP 200 even when they refuse a message, with an error code in the JSON, so
// a 200 alone is not a delivery.

import type { WebhookFormat } from '../contract';

export type AttemptOutcome =
  | { ok: true; status: number }
  /** `retry`: worth trying again later (no answer, a server error, the receiver's rate limit). */
  | { ok: false; status: number | null; error: string; retry: boolean };

/** Bot error codes that mean "too many messages, try later"; any other code is a refusal. */
const BUSY_CODES: Readonly<Record<WebhookFormat, readonly number[]>> = {
  json: [],
  slack: [],
  // WeCom: api freq out of limit (20 messages a minute per bot).
  wecom: [45009],
  // DingTalk: sending too fast (20 messages a minute per bot).
  dingtalk: [130101],
  // Feishu: request frequency limited.
  feishu: [11232],
};

export interface PostOptions {
  timeoutMs: number;
  /** Aborts the attempt when the app stops. */
  signal?: AbortSignal;
}

export async function postWebhook(url: string, format: WebhookFormat, body: unknown, options: PostOptions): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let answer: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'aec-live-monitor' },
      body: JSON.stringify(body),
      signal,
    });
    answer = await response.text();
  } catch (error) {
    if (timeout.aborted) return { ok: false, status: null, error: `no answer within ${Math.round(options.timeoutMs / 1000)} s`, retry: true };
    if (options.signal?.aborted) return { ok: false, status: null, error: 'stopped before an answer came', retry: false };
    return { ok: false, status: null, error: networkError(error), retry: true };
  }
  return readAnswer(format, response.status, answer);
}

/** How an answer is judged, per receiver. */
export function readAnswer(format: WebhookFormat, status: number, answer: string): AttemptOutcome {
  if (status < 200 || status > 299) {
    const retry = status === 408 || status === 429 || status >= 500;
    return { ok: false, status, error: `HTTP ${status}${answer.trim() === '' ? '' : `: ${excerpt(answer)}`}`, retry };
  }
  if (format === 'json' || format === 'slack') return { ok: true, status };
  const code = botCode(format, answer);
  if (code === undefined) return { ok: false, status, error: `the answer is not a ${format} bot's: ${excerpt(answer)}`, retry: false };
  if (code.value === 0) return { ok: true, status };
  return { ok: false, status, error: `the ${format} bot refused the message: code ${code.value} ${code.message}`.trim(), retry: BUSY_CODES[format].includes(code.value) };
}

function botCode(format: WebhookFormat, answer: string): { value: number; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  // WeCom and DingTalk: errcode/errmsg. Feishu: code/msg (older bots: StatusCode/StatusMessage).
  const [codeKey, messageKey] = format === 'feishu' ? (('code' in fields) ? ['code', 'msg'] : ['StatusCode', 'StatusMessage']) : ['errcode', 'errmsg'];
  const value = fields[codeKey];
  if (typeof value !== 'number') return undefined;
  const message = fields[messageKey];
  return { value, message: typeof message === 'string' ? message : '' };
}

function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `cannot reach it (${cause.code})`;
  return `cannot reach it (${cause?.message ?? (error as Error).message})`;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
