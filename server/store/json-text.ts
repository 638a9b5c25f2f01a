// A JSON value kept as its UTF-8 bytes, to be parsed later and a piece at a time: the traffic
// history of a big snapshot is most of the file, and parsing it whole before the listener binds
// was a third of a restart. Members and elements are found by skipping over strings with
// indexOf (base64 columns hold no quote), so a piece is parsed without parsing what precedes it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export class JsonText {
  constructor(readonly bytes: Buffer) {}

  parse(): unknown {
    return JSON.parse(this.bytes.toString('utf8'));
  }

  /** JSON.stringify writes the value itself, never the Buffer, should a loaded snapshot be saved again. */
  toJSON(): unknown {
    return this.parse();
  }

  /** The members of an object, in file order, each value unparsed. Throws on malformed text. */
  *members(): Generator<[string, JsonText]> {
    const b = this.bytes;
    let p = skipSpace(b, 0);
    expect(b, p, OPEN_OBJECT, 'an object');
    p = skipSpace(b, p + 1);
    if (b[p] === CLOSE_OBJECT) return end(b, p + 1);
    for (;;) {
      expect(b, p, QUOTE, 'a member name');
      const nameEnd = skipString(b, p);
      const name = JSON.parse(b.toString('utf8', p, nameEnd)) as string;
      p = skipSpace(b, nameEnd);
      expect(b, p, COLON, "':'");
      const valueStart = skipSpace(b, p + 1);
      const valueEnd = skipValue(b, valueStart);
      yield [name, new JsonText(b.subarray(valueStart, valueEnd))];
      p = skipSpace(b, valueEnd);
      if (b[p] === CLOSE_OBJECT) return end(b, p + 1);
      expect(b, p, COMMA, "',' or '}'");
      p = skipSpace(b, p + 1);
    }
  }

  /** The elements of an array, in order, each unparsed. Throws on malformed text. */
  *elements(): Generator<JsonText> {
    const b = this.bytes;
    let p = skipSpace(b, 0);
    expect(b, p, OPEN_ARRAY, 'an array');
    p = skipSpace(b, p + 1);
    if (b[p] === CLOSE_ARRAY) return end(b, p + 1);
    for (;;) {
      const valueEnd = skipValue(b, p);
      yield new JsonText(b.subarray(p, valueEnd));
      p = skipSpace(b, valueEnd);
      if (b[p] === CLOSE_ARRAY) return end(b, p + 1);
      expect(b, p, COMMA, "',' or ']'");
      p = skipSpace(b, p + 1);
    }
  }
}

function malformed(at: number, wanted: string): never {
  throw new SyntaxError(`malformed JSON at byte ${at}: expected ${wanted}`);
}

function expect(b: Buffer, p: number, byte: number, wanted: string): void {
  if (b[p] !== byte) malformed(p, wanted);
}

function end(b: Buffer, p: number): void {
  if (skipSpace(b, p) !== b.length) malformed(p, 'the end of the value');
}

function skipSpace(b: Buffer, p: number): number {
  while (p < b.length) {
    const c = b[p]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p++;
  }
  return p;
}

/** From the opening quote at `p` to just past the closing one. */
function skipString(b: Buffer, p: number): number {
  let q = b.indexOf(QUOTE, p + 1);
  for (;;) {
    if (q < 0) malformed(p, 'the end of a string');
    let slashes = 0;
    while (b[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    q = b.indexOf(QUOTE, q + 1);
  }
}

/** From the value's first byte at `p` to just past it; what is inside is checked when parsed. */
function skipValue(b: Buffer, p: number): number {
  const first = b[p];
  if (first === QUOTE) return skipString(b, p);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    while (p < b.length) {
      const c = b[p]!;
      if (c === QUOTE) {
        p = skipString(b, p);
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return p + 1;
      p++;
    }
    malformed(p, 'the end of a value');
  }
  const start = p;
  while (p < b.length) {
    const c = b[p]!;
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    p++;
  }
  if (p === start) malformed(p, 'a value');
  return p;
}
