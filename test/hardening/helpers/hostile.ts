// fast-check arbitraries for callbacks a broken or hostile client might send: every field of
// the AEC payload may be missing, mistyped, huge, fractional, negative, or full of odd text,
// and the payload may reach us in any of the transports (or none of them).

import fc from 'fast-check';
import type { RawRequest } from '../../support/raw-http';
import { ACTION_NAMES } from '../../../server/contract';

/** Every action of the contract: those we decide and those we only answer. */
export const ANY_ACTION = ACTION_NAMES;

/** Ids that have bitten JavaScript servers before: prototype names, bidi, control, path, long. */
export const NASTY_IDS = [
  'Wz@NWuVj8Tx5aa4a',
  'a4a8_KS9sWt36ttn',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  '频道-😀-١٢٣',
  '\u202Eevil\u202C',
  'e\u0301\u0301\u0301',
  ' padded ',
  '   ',
  '',
  'a\u0000b',
  'line\nbreak',
  'tab\tid',
  'del\u007f',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'a/b',
  'a%2Fb',
  '=cmd|calc',
  '0',
  '-1',
  'x'.repeat(128),
  'y'.repeat(129),
  '\uD800',
] as const;

const anyJson = fc.jsonValue({ maxDepth: 3 });

export const idArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_IDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: anyJson },
);

/** Numbers as the media server sends them (strings), and everything near them that is wrong. */
export const numberArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }).map(String),
  fc.constantFrom(
    '1e400', '-0', '0.5', '1.5', '-1', '-500', '501', '0x10', ' 12 ', '+7', 'NaN', 'Infinity', '-Infinity',
    '99999999999999999999999', '1e3', '9007199254740993', '10000000000001', '', ' ', '１２', '1_000',
  ),
  fc.double().map(String),
  fc.double(),
  fc.integer(),
  fc.bigInt().map(String),
  anyJson,
);

/** An AEC payload where any field may be missing or wrong. */
export const payloadArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    action: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ANY_ACTION) }, { weight: 1, arbitrary: fc.string() }, { weight: 1, arbitrary: anyJson }),
    ts: numberArb,
    channelId: idArb,
    userId: idArb,
    roomId: idArb,
    groupId: idArb,
    conCurrentNumber: numberArb,
    discharge: numberArb,
    time: numberArb,
    listType: numberArb,
    listTypes: fc.oneof(numberArb, fc.constantFrom('1,2', ',,', '1,,x')),
    specify: fc.oneof(idArb, fc.constantFrom('1,2,3', ',', 'a, b ,,c')),
    extra: fc.oneof(idArb, fc.string({ maxLength: 300 })),
    echostr: fc.oneof(idArb, fc.string()),
    userDefineData: fc.string(),
  },
  { requiredKeys: [] },
);

/** Nesting that trips naive recursive code; within the body limit. */
const nestedArb = fc
  .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('array', 'object', 'unbalanced', 'inField'))
  .map(([depth, how]) => {
    if (how === 'array') return '['.repeat(depth) + ']'.repeat(depth);
    if (how === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    if (how === 'unbalanced') return '{"action":"AEC_LIVE_USER_ONLINE","channelId":' + '['.repeat(depth);
    return `{"action":"AEC_LIVE_USER_PLAYING","channelId":"c","userId":"u","discharge":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
  });

/** The `data` string: a payload, a cut-off one, nesting, noise, or a double-encoded one. */
export const dataArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: payloadArb.map((p) => JSON.stringify(p)) },
  { weight: 2, arbitrary: fc.tuple(payloadArb, fc.nat()).map(([p, cut]) => { const t = JSON.stringify(p); return t.slice(0, cut % (t.length + 1)); }) },
  { weight: 1, arbitrary: nestedArb },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: payloadArb.map((p) => encodeURIComponent(JSON.stringify(p))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"action":"AEC_LIVE_USER_ONLINE","channelId":"p","userId":"q"}}',
      '{"action":"AEC_LIVE_USER_ONLINE","channelId":"p","userId":"q","__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":1}},"action":"AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC"}',
      '{"action":"AEC_LIVE_USER_PLAYING","action":"AEC_LIVE_USER_OFFLINE","channelId":"dup","userId":"k","discharge":"1"}',
      'null', 'true', '[]', '"string"', '1e999', '%7B%7D', '%7B%22action', '%%%',
    ),
  },
);

/** Percent-encodes UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
export function pctEncode(text: string | Buffer): string {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const pathArb = fc.constantFrom('/aec', '/aec/eventCenter.php', '/eventCenter', '/', '/x/%2e%2e/y', '/%ZZ', '/aec;jsessionid=1', '//double', '/healthz/x');
const methodArb = fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
const signArb = fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 40 })), { nil: undefined });
const contentTypeArb = fc.constantFrom(
  'application/json', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=latin1', 'text/plain', 'multipart/form-data; boundary=x',
  'application/octet-stream', 'application/xml', 'application/vnd.api+json', '', ';;;', 'text/*',
);
const encodingArb = fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown');

/** One complete hostile request: a `data` string (or bytes) put on the wire some way. */
export const requestArb: fc.Arbitrary<RawRequest> = fc
  .record({
    data: dataArb,
    data2: dataArb,
    sign: signArb,
    path: pathArb,
    method: methodArb,
    contentType: contentTypeArb,
    encoding: encodingArb,
    bytes: fc.uint8Array({ maxLength: 600 }),
    how: fc.constantFrom('get', 'form', 'jsonRaw', 'jsonWrapped', 'text', 'bytes', 'manyData', 'bothPlaces', 'rawQueryBytes', 'otherMethod', 'noData'),
  })
  .map((r): RawRequest => {
    const signQ = r.sign === undefined ? '' : `&sign=${pctEncode(r.sign)}`;
    const form = (ct = 'application/x-www-form-urlencoded') => ({ 'Content-Type': ct });
    switch (r.how) {
      case 'get':
        return { method: 'GET', path: `${r.path}?data=${pctEncode(r.data)}${signQ}` };
      case 'form':
        return { method: 'POST', path: r.path, headers: form(), body: `data=${pctEncode(r.data)}${signQ}` };
      case 'jsonRaw':
        return { method: 'POST', path: r.path, headers: { 'Content-Type': 'application/json' }, body: r.data };
      case 'jsonWrapped':
        return { method: 'POST', path: r.path, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: r.data, sign: r.sign }) };
      case 'text':
        return { method: 'POST', path: r.path, headers: { 'Content-Type': 'text/plain' }, body: r.data };
      case 'bytes': {
        const headers: Record<string, string> = {};
        if (r.contentType !== '') headers['Content-Type'] = r.contentType;
        if (r.encoding !== undefined) headers['Content-Encoding'] = r.encoding;
        return { method: 'POST', path: r.path, headers, body: Buffer.from(r.bytes) };
      }
      case 'manyData':
        return { method: 'GET', path: `${r.path}?data=${pctEncode(r.data)}&data=${pctEncode(r.data2)}&data[]=x&sign=a&sign=b` };
      case 'bothPlaces':
        return { method: 'POST', path: `${r.path}?data=${pctEncode(r.data)}`, headers: form(r.contentType || 'application/x-www-form-urlencoded'), body: `data=${pctEncode(r.data2)}` };
      case 'rawQueryBytes':
        return { method: 'GET', path: `${r.path}?data=${pctEncode(Buffer.from(r.bytes))}` };
      case 'otherMethod':
        return { method: r.method, path: `${r.path}?x=1`, headers: form(), body: `data=${pctEncode(r.data)}` };
      case 'noData':
        return { method: 'POST', path: `${r.path}?date=${pctEncode(r.data)}`, headers: form(r.contentType || 'text/plain'), body: pctEncode(r.data2) };
    }
  });
