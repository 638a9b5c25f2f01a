// 2.9.6 builds `data` by hand and escapes nothing: a `"` or `\` in a name a client chose (a
// channel's `extra`, a room's `userDefineData`) makes it invalid JSON. Its layout is fixed,
// though: `{"ts":"…","key":"value",…}` with every value a string, or a raw `{…}`/`[…]` when the
// value began with one. This reads such text back, keeping each value exactly as sent.
//
// A string value ends at the first quote that is followed by `,"<key>":` (a key not seen yet)
// or by the closing brace; when that choice leaves the rest unreadable, the next quote is tried.

export type Recovered = Record<string, unknown>;

const KEY = /^"([A-Za-z_][A-Za-z0-9_]{0,63})":/;
const MAX_FIELDS = 64;
/** Tries of the backtracking search: plenty for real payloads, a bound for crafted ones. */
const MAX_STEPS = 2000;

/** The fields of a `data` text in the 2.9.6 layout, or null when it is not in that layout. */
export function recoverLayout(text: string): Recovered | null {
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) return null;
  return readFields(body, 1, {}, 0, { steps: 0 });
}

function readFields(body: string, pos: number, into: Recovered, count: number, budget: { steps: number }): Recovered | null {
  if (pos === body.length - 1) return count > 0 ? into : null;
  if (count >= MAX_FIELDS || ++budget.steps > MAX_STEPS) return null;
  const key = KEY.exec(body.slice(pos, pos + 70));
  if (!key || Object.hasOwn(into, key[1]!)) return null;
  const name = key[1]!;
  const valueAt = pos + key[0].length;
  for (const candidate of valueEnds(body, valueAt, into, name)) {
    const next = body[candidate.end] === ',' ? candidate.end + 1 : candidate.end;
    if (body[candidate.end] !== ',' && candidate.end !== body.length - 1) continue;
    const rest = readFields(body, next, { ...into, [name]: candidate.value }, count + 1, budget);
    if (rest) return rest;
  }
  return null;
}

/** Where the value starting at `at` may end (index of the `,` or final `}` after it), in order. */
function* valueEnds(body: string, at: number, seen: Recovered, name: string): Generator<{ end: number; value: unknown }> {
  const first = body[at];
  if (first === '{' || first === '[') {
    const nested = nestedJson(body, at);
    if (nested) yield nested;
  }
  if (first !== '"') {
    // A bare number or literal (tools send them; 2.9.6 never does).
    const match = /^-?\d+(\.\d+)?|^true|^false|^null/.exec(body.slice(at));
    if (match) yield { end: at + match[0].length, value: JSON.parse(match[0]) as unknown };
    return;
  }
  for (let quote = body.indexOf('"', at + 1); quote >= 0; quote = body.indexOf('"', quote + 1)) {
    const after = quote + 1;
    const closes = after === body.length - 1 || (body[after] === ',' && isNextKey(body, after + 1, seen, name));
    if (closes) yield { end: after, value: body.slice(at + 1, quote) };
  }
}

function isNextKey(body: string, at: number, seen: Recovered, current: string): boolean {
  const key = KEY.exec(body.slice(at, at + 70));
  return key !== null && key[1] !== current && !Object.hasOwn(seen, key[1]!);
}

/** A raw nested object or array: the shortest balanced slice that is valid JSON. */
function nestedJson(body: string, at: number): { end: number; value: unknown } | null {
  const open = body[at];
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  for (let i = at; i < body.length - 1; i++) {
    if (body[i] === open) depth++;
    else if (body[i] === close && --depth === 0) {
      try {
        return { end: i + 1, value: JSON.parse(body.slice(at, i + 1)) as unknown };
      } catch {
        return null;
      }
    }
  }
  return null;
}
