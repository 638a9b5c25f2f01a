// Field-level zod schemas for the AEC `data` JSON. The media server sends every scalar as a
// string ("conCurrentNumber":"100"); tools may send real JSON numbers. Both are accepted,
// then checked strictly. Messages complete the sentence "<field> <raw value> ...", which
// parse.ts assembles into the audit-log reason.

import { z } from 'zod';

export const MAX_ID_LENGTH = 128;
export const MAX_CAPACITY = 1e9;
export const MAX_DISCHARGE = 1e13;
export const MAX_LIST_TYPE = 99;

// U+0000-U+001F and U+007F: never part of a real id, and they corrupt logs and CSV exports.
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Absent, null, or blank text all mean "not sent" for optional fields. */
function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** An opaque id: string (or integer, e.g. a groupId), trimmed, 1..128 chars, printable. */
export const id = z
  .union([z.string(), z.int()], { error: 'must be a string' })
  .transform((value) => String(value).trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(MAX_ID_LENGTH, { error: `must be at most ${MAX_ID_LENGTH} characters` })
      .refine((value) => !CONTROL_CHARS.test(value), { error: 'must not contain control characters' })
      // A lone surrogate cannot be put in a URL or shown: the operator could never act on it.
      .refine((value) => value.isWellFormed(), { error: 'must be well-formed Unicode' }),
  );

export const optionalId = z.preprocess(blankToUndefined, id.optional());

/** Parses "123", " 123 ", 123; leaves everything else for z.int() to refuse (so "1.5", "1e3", "abc" fail). */
export function integerText(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  return value;
}

/** An integer within [min, max], sent as a string or a number. Fractions are refused, not rounded. */
export function integer(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z.preprocess(integerText, z.int({ error }).min(min, { error }).max(max, { error }));
}

export function optionalInteger(min: number, max: number) {
  return z.preprocess(blankToUndefined, integer(min, max).optional());
}

/**
 * Informational seconds (`ts`, `time`): kept when numeric and non-negative, dropped otherwise.
 * A bad clock value is no reason to refuse a viewer or a channel.
 */
export const lenientSeconds = z.unknown().transform(lenientSecondsOf).optional();

export function lenientSecondsOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Free text (extra, userDefineData): a string as sent, a number turned into one, or a nested
 * object or array (2.9.6 writes a value that begins with `{` or `[` raw) kept as its JSON text.
 */
export const optionalText = z.preprocess(
  (value) => (value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : value),
  z
    .union([z.string(), z.number()], { error: 'must be a string' })
    .transform((value) => String(value))
    .optional(),
);

/** The text echoed back verbatim (echostr): a string, untouched, possibly empty. */
export const verbatimText = z.string({ error: 'must be a string' });

/** "a, b,,c" or ["a","b"] -> ["a","b","c"]: items trimmed, empty items dropped. */
function commaList(value: unknown): unknown {
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'string') return value.split(',');
  return value;
}

function dropBlankItems(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '' && item !== null && item !== undefined);
}

/** A comma list of user ids with at least one entry (SPECIFY channels). */
export const userIdList = z.preprocess(
  (value) => dropBlankItems(commaList(value)),
  z.array(id, { error: 'must be a comma-separated list of user ids' }).min(1, { error: 'must list at least one user id' }),
);

/** "1,2" -> [1, 2]; absent or blank -> [] (meaning every list type). */
export const listTypeList = z.preprocess(
  (value) => {
    const blank = blankToUndefined(value);
    return blank === undefined ? [] : dropBlankItems(commaList(blank));
  },
  z.array(integer(0, MAX_LIST_TYPE), { error: 'must be a comma-separated list of integers' }),
);
