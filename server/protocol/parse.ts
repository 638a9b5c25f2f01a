// `data` string -> typed AecEvent, or a wire code plus a reason for the operator's audit log.
//
// Codes: anything missing, empty, not JSON, not an object, or with a malformed field answers
// 10002 (missing/bad argument, as the reference demo did); an `action` that is not a string
// answers 10001 (unknown action); a conCurrentNumber that is sent but not a sane integer
// answers 10012 (capacity out of range), the code the domain uses for capacities above the
// operator's limit. Unknown action strings are not errors: they parse to kind 'unsupported'
// and the domain decides. Never throws.

import type { z } from 'zod';
import { DenyCode } from '../contract/deny-codes';
import type { AecEvent, AecEventBody } from '../domain/events';
import { formDecode, looksDoubleEncoded } from './decode';
import { lenientSecondsOf } from './fields';
import { quickEvent, quickId } from './quick-read';
import { schemaFor } from './schemas';
import { isPlainObject } from './is-object';
import { recoverLayout } from './recover';

export type ParseResult =
  /** `note`: said in the audit log with the decision (e.g. the data was read back by its layout). */
  | { ok: true; event: AecEvent; json: Record<string, unknown>; note?: string }
  | { ok: false; code: number; reason: string; action?: string; channelId?: string; userId?: string };

type ParseFailure = Extract<ParseResult, { ok: false }>;

/** A real payload is a few hundred characters, a group's long member list some 90 KB; more is not from the media server. */
export const MAX_DATA_LENGTH = 256 * 1024;
const MAX_ACTION_LENGTH = 128;
const QUOTE_LIMIT = 60;

export function parseEvent(data: string): ParseResult {
  try {
    return parseData(data);
  } catch (error) {
    // Defensive only: every known path returns a result. A throw must not become an HTTP 500.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: DenyCode.missingArgument, reason: `data could not be read: ${message}` };
  }
}

function parseData(data: string): ParseResult {
  if (typeof data !== 'string') return fail(`data must be a string, got ${kindOf(data)}`);
  if (data.length > MAX_DATA_LENGTH) {
    return fail(`data is ${data.length} characters long; at most ${MAX_DATA_LENGTH} are accepted`);
  }
  if (data.trim() === '') return fail('data is empty');

  const parsed = parseJson(data);
  if (!parsed.ok) return fail(parsed.reason);
  const json = parsed.value;
  const note = parsed.recovered
    ? 'data was not valid JSON (a value holds an unescaped quote or backslash, as 2.9.6 sends it); read back by its layout'
    : undefined;
  if (!isPlainObject(json)) return fail(`data must be a JSON object, got ${kindOf(json)}`);

  const action = readAction(json.action);
  if (!action.ok) return { ...action.failure, ...idsOf(json) };

  const ts = lenientSecondsOf(json.ts);
  const tsField = ts !== undefined ? { ts } : {};

  const noted = note ? { note } : {};
  const quick = quickEvent(action.value, json);
  // The frequent actions: the event made once, its ts added to it, no spreads (same result).
  if (quick) return note ? { ok: true, event: withTs(quick, ts), json, note } : { ok: true, event: withTs(quick, ts), json };
  const schema = schemaFor(action.value);
  if (!schema) {
    return { ok: true, event: { kind: 'unsupported', action: action.value, ...idsOf(json), ...tsField }, json, ...noted };
  }
  const result = schema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const failure = describeIssues(result.error.issues, json);
    return { ...failure, reason: note ? `${failure.reason} (${note})` : failure.reason, action: action.value, ...idsOf(json) };
  }
  return { ok: true, event: { ...result.data, ...tsField }, json, ...noted };
}

/** The quick reader's event (a fresh object of its own) with the payload's ts, when it has one. */
function withTs(event: AecEventBody, ts: number | undefined): AecEvent {
  if (ts !== undefined) (event as AecEvent).ts = ts;
  return event as AecEvent;
}

function fail(reason: string, code: number = DenyCode.missingArgument): ParseFailure {
  return { ok: false, code, reason };
}

function parseJson(data: string): { ok: true; value: unknown; recovered?: true } | { ok: false; reason: string } {
  const first = tryJson(data);
  if (first.ok) return first;
  if (looksDoubleEncoded(data)) {
    const second = tryJson(formDecode(data));
    if (second.ok) return second;
    return { ok: false, reason: `data is not valid JSON even after URL-decoding it again (${second.error}): ${quote(data)}` };
  }
  const recovered = recoverLayout(data);
  if (recovered) return { ok: true, value: recovered, recovered: true };
  return { ok: false, reason: `data is not valid JSON (${first.error}) nor in the media server's layout: ${quote(data)}` };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'unreadable' };
  }
}

function readAction(raw: unknown): { ok: true; value: string } | { ok: false; failure: ParseFailure } {
  if (raw === undefined || raw === null) return { ok: false, failure: fail('action is missing') };
  if (typeof raw !== 'string') {
    return { ok: false, failure: fail(`action ${quote(raw)} must be a string`, DenyCode.unsupported) };
  }
  const action = raw.trim();
  if (action === '') return { ok: false, failure: fail('action is empty') };
  if (quickId(action) === undefined || action.length > MAX_ACTION_LENGTH) {
    return { ok: false, failure: fail(`action ${quote(raw)} is not a valid action name`, DenyCode.unsupported) };
  }
  return { ok: true, value: action };
}

/** channelId and userId when they are valid ids: for the audit log of refused and unsupported events. */
function idsOf(json: Record<string, unknown>): { channelId?: string; userId?: string } {
  const ids: { channelId?: string; userId?: string } = {};
  const channelId = quickId(json.channelId);
  if (channelId !== undefined) ids.channelId = channelId;
  const userId = quickId(json.userId);
  if (userId !== undefined) ids.userId = userId;
  return ids;
}

/** One sentence per wrong field, in schema order: `conCurrentNumber "-5" must be an integer from 0 to 1000000000`. */
function describeIssues(issues: readonly z.core.$ZodIssue[], json: Record<string, unknown>): ParseFailure {
  const seen = new Set<string>();
  const sentences: string[] = [];
  let code: number = DenyCode.missingArgument;
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'data');
    if (seen.has(key)) continue;
    seen.add(key);
    const raw = json[key];
    if (raw === undefined || raw === null) {
      sentences.push(`${key} is missing`);
      continue;
    }
    if (sentences.length === 0 && key === 'conCurrentNumber') code = DenyCode.capacityOutOfRange;
    const item = issue.path.length > 1 ? ` item ${quote(issue.input)}` : '';
    sentences.push(`${key} ${quote(raw)}${item} ${issue.message}`);
  }
  return { ok: false, code, reason: sentences.join('; ') };
}

/** A short, log-safe rendering of a raw value (control characters escaped by JSON). */
function quote(value: unknown): string {
  if (value === undefined) return 'undefined';
  const isText = typeof value === 'string';
  const text = isText ? value : serialise(value);
  const short = text.length <= QUOTE_LIMIT;
  const shown = short ? text : text.slice(0, QUOTE_LIMIT);
  const rendered = isText ? JSON.stringify(shown) : shown;
  if (short) return rendered;
  return `${isText ? `${rendered.slice(0, -1)}…"` : `${rendered}…`} (${text.length} characters)`;
}

function serialise(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Only absurd nesting gets here (stack overflow); say what it is instead.
    return kindOf(value);
  }
}


function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
