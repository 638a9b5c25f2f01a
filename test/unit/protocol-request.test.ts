import { describe, expect, it } from 'vitest';
import { extractData, parseEvent } from '../../server/protocol';
import type { CallbackRequest } from '../../server/protocol';
import { DenyCode } from '../../server/contract';

const DATA = '{"ts":"1561699571","action":"AEC_LIVE_APPLY_UPLOAD_CHANNEL","userId":"577175","channelId":"Wz@NWuVjBI3taaCB"}';

function request(partial: Partial<CallbackRequest>): CallbackRequest {
  return { method: 'GET', query: {}, body: undefined, ...partial };
}

/** What Koa's query parser hands us for a raw query string. */
function query(text: string): Record<string, string | string[] | undefined> {
  return Object.fromEntries(new URLSearchParams(text).entries());
}

describe('extractData', () => {
  it('reads ?data= on a GET, after the usual URL decoding', () => {
    const result = extractData(request({ query: query(`data=${encodeURIComponent(DATA)}`) }));
    expect(result).toEqual({ ok: true, data: DATA });
  });

  it('hands a double-encoded GET data over unchanged; parseEvent undoes the extra layer', () => {
    const twice = encodeURIComponent(encodeURIComponent(DATA));
    const result = extractData(request({ query: query(`data=${twice}`) }));
    expect(result).toEqual({ ok: true, data: encodeURIComponent(DATA) });
    expect(result.ok && parseEvent(result.data)).toMatchObject({ ok: true, event: { kind: 'applyUpload', channelId: 'Wz@NWuVjBI3taaCB' } });
  });

  it('reads a form POST body', () => {
    const rawBody = `data=${encodeURIComponent(DATA)}&sign=abc%2B%3D`;
    const body = Object.fromEntries(new URLSearchParams(rawBody).entries());
    const result = extractData(request({ method: 'POST', body, rawBody, contentType: 'application/x-www-form-urlencoded' }));
    expect(result).toEqual({ ok: true, data: DATA, sign: 'abc+=' });
  });

  it('takes a raw JSON body as the payload itself, keeping its exact text for the sign', () => {
    const rawBody = `  ${DATA.replace(',', ', ')}\n`;
    const result = extractData(request({ method: 'POST', body: JSON.parse(rawBody), rawBody, contentType: 'application/json; charset=utf-8' }));
    expect(result).toEqual({ ok: true, data: rawBody });
    expect(result.ok && parseEvent(result.data)).toMatchObject({ ok: true, event: { kind: 'applyUpload', userId: '577175' } });
  });

  it('serialises a parsed JSON payload when the raw text was not kept', () => {
    const result = extractData(request({ method: 'POST', body: JSON.parse(DATA), contentType: 'application/json' }));
    expect(result).toEqual({ ok: true, data: DATA });
  });

  it('reads a JSON wrapper {"data": "...", "sign": "..."}', () => {
    const body = { data: DATA, sign: 'S' };
    const result = extractData(request({ method: 'POST', body, rawBody: JSON.stringify(body), contentType: 'application/json' }));
    expect(result).toEqual({ ok: true, data: DATA, sign: 'S' });
  });

  it('reads a JSON wrapper whose data is an object', () => {
    const body = { data: JSON.parse(DATA) as unknown };
    const result = extractData(request({ method: 'POST', body, rawBody: JSON.stringify(body), contentType: 'application/json' }));
    expect(result).toEqual({ ok: true, data: DATA });
  });

  it('prefers a query data on a POST over the body, and a query sign over a body sign', () => {
    const other = DATA.replace('577175', '1');
    const result = extractData(
      request({ method: 'POST', query: { data: DATA, sign: 'Q' }, body: { data: other, sign: 'B' }, contentType: 'application/x-www-form-urlencoded' }),
    );
    expect(result).toEqual({ ok: true, data: DATA, sign: 'Q' });
  });

  it('takes the sign from the body when the query has none', () => {
    const result = extractData(request({ method: 'POST', query: { data: DATA }, body: { sign: 'B' } }));
    expect(result).toEqual({ ok: true, data: DATA, sign: 'B' });
  });

  it('ignores a body on a GET', () => {
    const result = extractData(request({ body: { data: DATA }, rawBody: `data=${encodeURIComponent(DATA)}` }));
    expect(result).toMatchObject({ ok: false, code: DenyCode.missingArgument });
  });

  it('takes the first of repeated data parameters', () => {
    expect(extractData(request({ query: { data: [DATA, 'other'] } }))).toEqual({ ok: true, data: DATA });
  });

  it('reads a form body sent without a content type the parser knew', () => {
    const rawBody = `data=${encodeURIComponent(DATA)}`;
    expect(extractData(request({ method: 'POST', body: {}, rawBody: `${rawBody}&sign=S`, contentType: 'text/plain' }))).toEqual({ ok: true, data: DATA, sign: 'S' });
    expect(extractData(request({ method: 'POST', body: rawBody, contentType: 'text/plain' }))).toEqual({ ok: true, data: DATA });
    expect(extractData(request({ method: 'POST', body: undefined, rawBody: DATA, contentType: 'text/plain' }))).toEqual({ ok: true, data: DATA });
  });

  it('passes a JSON body that is not an object on, so parseEvent can say what is wrong', () => {
    const result = extractData(request({ method: 'POST', body: [1, 2], rawBody: '[1,2]', contentType: 'application/json' }));
    expect(result).toEqual({ ok: true, data: '[1,2]' });
    expect(result.ok && parseEvent(result.data)).toMatchObject({ ok: false, reason: 'data must be a JSON object, got an array' });
  });

  it('refuses a missing data with 10002 and says where it looked', () => {
    expect(extractData(request({}))).toEqual({
      ok: false,
      code: DenyCode.missingArgument,
      reason: 'data parameter is missing: expected ?data=... in the query string',
    });
    expect(extractData(request({ method: 'POST', body: { foo: 'bar' }, rawBody: 'foo=bar', contentType: 'application/x-www-form-urlencoded' }))).toEqual({
      ok: false,
      code: DenyCode.missingArgument,
      reason: 'data parameter is missing: expected ?data=... in the query string or the request body',
    });
    expect(extractData(request({ method: 'POST', body: undefined, rawBody: '' }))).toMatchObject({ ok: false, code: 10002 });
  });

  it('refuses an empty data with 10002', () => {
    expect(extractData(request({ query: { data: '' } }))).toEqual({ ok: false, code: DenyCode.missingArgument, reason: 'data parameter is empty' });
    expect(extractData(request({ method: 'POST', body: { data: '  ' } }))).toEqual({
      ok: false,
      code: DenyCode.missingArgument,
      reason: 'data parameter is empty',
    });
  });

  it('does not report an empty sign', () => {
    expect(extractData(request({ query: { data: DATA, sign: '' } }))).toEqual({ ok: true, data: DATA });
  });
});
