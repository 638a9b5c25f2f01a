import { describe, expect, it } from 'vitest';
import { parseEvent, supportedActions } from '../../server/protocol';
import { ACTION_NAMES } from '../../server/contract';
import { DenyCode } from '../../server/contract';
import type { AecEvent } from '../../server/domain/events';

// Verbatim from section 1 of aec-protocol.md.
const REAL_BROADCAST =
  '{"ts":"1561699571","action":"AEC_LIVE_CREATE_CHANNEL_BROADCAST","userId":"577175","roomId":"a4aDXK2lEWucjFTB","listType":"9","channelId":"Wz@NWuVjBI3taaCB","conCurrentNumber":"0","extra":"888"}';
const REAL_LIVEPROXY =
  '{"ts":"1561542285","action":"AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC","roomId":"a4aDZfdwsWuTLFkD","listType":"2","channelId":"Wz@NWuVj8Tx5aa4a","conCurrentNumber":"100","extra":"222"}';
const REAL_CHATROOM =
  '{"ts":"1561085008","action":"AEC_CHATROOM_CREATE","userId":"892500","roomId":"a4a8_KS9sWt36ttn","roomType":"CHAT_ROOM_TYPE_PUBLIC","conCurrentNumber":"100","userDefineData":"666"}';

function ok(data: string): AecEvent {
  const result = parseEvent(data);
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.reason}`);
  return result.event;
}

function refused(data: string) {
  const result = parseEvent(data);
  if (result.ok) throw new Error(`expected refusal, got ${JSON.stringify(result.event)}`);
  return result;
}

const payload = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('the real payloads', () => {
  it('parses the BROADCAST create with every number sent as a string', () => {
    expect(ok(REAL_BROADCAST)).toEqual({
      kind: 'createChannel',
      action: 'AEC_LIVE_CREATE_CHANNEL_BROADCAST',
      channelType: 'BROADCAST',
      channelId: 'Wz@NWuVjBI3taaCB',
      userId: '577175',
      roomId: 'a4aDXK2lEWucjFTB',
      capacity: 0,
      extra: '888',
      listType: 9,
      ts: 1561699571,
    });
  });

  it('parses the LIVEPROXY create, which has no creator', () => {
    const event = ok(REAL_LIVEPROXY);
    expect(event).toEqual({
      kind: 'createChannel',
      action: 'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC',
      channelType: 'LIVEPROXY',
      channelId: 'Wz@NWuVj8Tx5aa4a',
      roomId: 'a4aDZfdwsWuTLFkD',
      capacity: 100,
      extra: '222',
      listType: 2,
      ts: 1561542285,
    });
    expect('userId' in event).toBe(false);
  });

  it('turns the chat room create into a typed event, keeping the raw JSON', () => {
    const result = parseEvent(REAL_CHATROOM);
    expect(result).toMatchObject({
      ok: true,
      event: { kind: 'chatRoomCreate', action: 'AEC_CHATROOM_CREATE', userId: '892500', roomId: 'a4a8_KS9sWt36ttn', roomType: 'PUBLIC', capacity: 100, name: '666', ts: 1561085008 },
      json: { roomType: 'CHAT_ROOM_TYPE_PUBLIC', userDefineData: '666' },
    });
  });
});

describe('every supported action', () => {
  const base = { ts: '1700000000', channelId: 'a4a8_KS9sWt36ttn', userId: '892500' };
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', { conCurrentNumber: '100', roomId: 'r-1' }, { kind: 'createChannel', channelType: 'GLOBAL_PUBLIC', capacity: 100, roomId: 'r-1' }],
    ['AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC', { conCurrentNumber: 7 }, { kind: 'createChannel', channelType: 'LOGIN_PUBLIC', capacity: 7 }],
    ['AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC', { groupId: 42 }, { kind: 'createChannel', channelType: 'GROUP_PUBLIC', groupId: '42', capacity: 0 }],
    ['AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY', { conCurrentNumber: '3', specify: 'u1, u2,,u3 ' }, { kind: 'createChannel', channelType: 'LOGIN_SPECIFY', capacity: 3, specify: ['u1', 'u2', 'u3'] }],
    ['AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY', { groupId: '9', specify: 'u1' }, { kind: 'createChannel', channelType: 'GROUP_SPECIFY', groupId: '9', specify: ['u1'] }],
    ['AEC_LIVE_CREATE_CHANNEL_BROADCAST', { conCurrentNumber: '0', listType: '9' }, { kind: 'createChannel', channelType: 'BROADCAST', listType: 9 }],
    ['AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC', { conCurrentNumber: '100' }, { kind: 'createChannel', channelType: 'LIVEPROXY', capacity: 100 }],
    ['AEC_LIVE_APPLY_UPLOAD_CHANNEL', {}, { kind: 'applyUpload' }],
    ['AEC_LIVE_SET_CHANNEL_UPLOADER', {}, { kind: 'setUploader' }],
    ['AEC_LIVE_UNSET_CHANNEL_UPLOADER', {}, { kind: 'unsetUploader' }],
    ['AEC_LIVE_UPLOADER_DISCONNECT', {}, { kind: 'uploaderDisconnect' }],
    ['AEC_LIVE_UPLOADER_UPLOADING', {}, { kind: 'uploaderUploading' }],
    ['AEC_LIVE_CLOSE_CHANNEL', {}, { kind: 'closeChannel' }],
    ['AEC_LIVE_DELETE_CHANNEL', {}, { kind: 'deleteChannel' }],
    ['AEC_LIVE_USER_ONLINE', { time: '1700000001' }, { kind: 'userOnline' }],
    ['AEC_LIVE_APPLY_DOWNLOAD_CHANNEL', {}, { kind: 'applyDownload' }],
    ['AEC_LIVE_USER_PLAYING', { time: '1700000060', discharge: '1048576' }, { kind: 'userPlaying', discharge: 1048576, time: 1700000060 }],
    ['AEC_LIVE_USER_OFFLINE', { time: 1700000090, discharge: 0 }, { kind: 'userOffline', discharge: 0, time: 1700000090 }],
    ['AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL', {}, { kind: 'proxyApplyUpload' }],
    ['AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL', {}, { kind: 'proxyCloseChannel' }],
    ['AEC_LIVE_LIVEPROXY_DELETE_CHANNEL', {}, { kind: 'proxyDeleteChannel' }],
  ];

  it.each(cases)('%s', (action, extra, expected) => {
    const event = ok(payload({ ...base, action, ...extra }));
    expect(event).toMatchObject({ ...expected, action, channelId: base.channelId, ts: 1700000000 });
    if (!action.includes('LIVEPROXY')) expect(event).toMatchObject({ userId: '892500' });
  });

  it('parses the channel list query, with and without listTypes', () => {
    expect(ok(payload({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1, 2,' }))).toEqual({
      kind: 'queryChannelList',
      action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST',
      listTypes: [1, 2],
    });
    expect(ok(payload({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST' }))).toMatchObject({ listTypes: [] });
    expect(ok(payload({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '' }))).toMatchObject({ listTypes: [] });
  });

  it('keeps echostr verbatim, spaces included', () => {
    const event = ok(payload({ action: 'AEC_ACCESS_VALIDATION', echostr: ' x+y/=1 ', timestamp: '1', nonce: 'n' }));
    expect(event).toEqual({ kind: 'accessValidation', action: 'AEC_ACCESS_VALIDATION', echostr: ' x+y/=1 ' });
  });

  it('has a schema for every action of the contract but the enum sentinel', () => {
    expect([...supportedActions].sort()).toEqual(ACTION_NAMES.filter((name) => name !== 'AEC_ACTION_FIRST').sort());
    for (const [action] of cases) expect(supportedActions).toContain(action);
  });

  it.each(['SOMETHING_NEW', 'AEC_ACTION_FIRST'])('%s is unsupported, not an error', (action) => {
    expect(ok(payload({ action, channelId: 'c-1', userId: 42, groupId: '5' }))).toEqual({ kind: 'unsupported', action, channelId: 'c-1', userId: '42' });
  });

  it('drops invalid ids from unsupported events instead of refusing', () => {
    expect(ok(payload({ action: 'AEC_SOMETHING_ELSE', channelId: '', userId: 'a\u0000' }))).toEqual({
      kind: 'unsupported',
      action: 'AEC_SOMETHING_ELSE',
    });
  });
});

describe('lenient numbers, strict ranges', () => {
  const create = (conCurrentNumber: unknown) =>
    payload({ action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', userId: '1', channelId: 'c', conCurrentNumber });
  const playing = (discharge: unknown) => payload({ action: 'AEC_LIVE_USER_PLAYING', userId: '1', channelId: 'c', discharge });

  it.each([['100', 100], [100, 100], [' 42 ', 42], ['0', 0], ['1000000000', 1e9]])('capacity %j -> %d', (raw, expected) => {
    expect(ok(create(raw))).toMatchObject({ capacity: expected });
  });

  it.each(['-5', -5, '1.5', 2.5, 'abc', '', '1e3', '1000000001', true, [], {}])('refuses capacity %j with 10012 and a reason', (raw) => {
    const result = refused(create(raw));
    expect(result.code).toBe(DenyCode.capacityOutOfRange);
    expect(result.reason).toMatch(/^conCurrentNumber .+ must be an integer from 0 to 1000000000$/);
    expect(result).toMatchObject({ action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', channelId: 'c', userId: '1' });
  });

  it('words the reason exactly', () => {
    expect(refused(create('-5')).reason).toBe('conCurrentNumber "-5" must be an integer from 0 to 1000000000');
    expect(refused(playing('abc')).reason).toBe('discharge "abc" must be an integer from 0 to 10000000000000');
  });

  it('refuses a missing capacity on a create that requires it, but defaults group channels to 0', () => {
    const missing = refused(payload({ action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC', userId: '1', channelId: 'c' }));
    expect(missing).toMatchObject({ code: DenyCode.missingArgument, reason: 'conCurrentNumber is missing' });
    expect(ok(payload({ action: 'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC', userId: '1', channelId: 'c', groupId: '1', conCurrentNumber: '' }))).toMatchObject({ capacity: 0 });
  });

  it.each([['123', 123], [123, 123], ['10000000000000', 1e13], ['0', 0]])('discharge %j -> %d', (raw, expected) => {
    expect(ok(playing(raw))).toMatchObject({ discharge: expected });
  });

  it.each(['-1', 'abc', '1.5', 1.5, '10000000000001', null, ''])('refuses discharge %j', (raw) => {
    const result = refused(playing(raw));
    expect(result.code).toBe(DenyCode.missingArgument);
    expect(result.reason).toMatch(/^discharge /);
    expect(result).toMatchObject({ action: 'AEC_LIVE_USER_PLAYING', channelId: 'c', userId: '1' });
  });

  it('drops an unreadable ts or time rather than refusing', () => {
    const event = ok(payload({ action: 'AEC_LIVE_USER_OFFLINE', userId: '1', channelId: 'c', discharge: '5', ts: 'yesterday', time: '-3' }));
    expect(event).toEqual({ kind: 'userOffline', action: 'AEC_LIVE_USER_OFFLINE', channelId: 'c', userId: '1', discharge: 5 });
  });

  it.each(['100', '-1', 'x'])('checks listType 0..99 (%j)', (raw) => {
    const result = parseEvent(payload({ action: 'AEC_LIVE_CREATE_CHANNEL_BROADCAST', userId: '1', channelId: 'c', conCurrentNumber: '1', listType: raw }));
    expect(result).toMatchObject({ ok: false, code: DenyCode.missingArgument, reason: `listType "${raw}" must be an integer from 0 to 99` });
  });

  it('refuses a bad listTypes item by name', () => {
    expect(refused(payload({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1,x' })).reason).toBe(
      'listTypes "1,x" item "x" must be an integer from 0 to 99',
    );
  });
});

describe('ids', () => {
  const online = (userId: unknown, channelId: unknown = 'Wz@NWuVj8Tx5aa4a') =>
    payload({ action: 'AEC_LIVE_USER_ONLINE', userId, channelId });

  it.each(['Wz@NWuVj8Tx5aa4a', 'a4a8_KS9sWt36ttn', 'a-b_c@d', 'user name', '用户', '!#$%&*()[]{}'])('accepts %j', (value) => {
    expect(ok(online(value, value))).toMatchObject({ userId: value, channelId: value });
  });

  it('trims ids and accepts a numeric userId as text', () => {
    expect(ok(online(577175, '  c-1  '))).toMatchObject({ userId: '577175', channelId: 'c-1' });
  });

  it.each([
    ['', 'userId "" must not be empty'],
    ['   ', 'userId "   " must not be empty'],
    ['a\tb', 'userId "a\\tb" must not contain control characters'],
    ['a\u007fb', 'userId "a\u007fb" must not contain control characters'],
    [{ id: 1 }, 'userId {"id":1} must be a string'],
    [1.5, 'userId 1.5 must be a string'],
  ])('refuses userId %j', (value, reason) => {
    expect(refused(online(value))).toMatchObject({ code: DenyCode.missingArgument, reason, channelId: 'Wz@NWuVj8Tx5aa4a' });
  });

  it('refuses ids over 128 characters and accepts 128', () => {
    expect(ok(online('u'.repeat(128)))).toMatchObject({ userId: 'u'.repeat(128) });
    expect(refused(online('u'.repeat(129))).reason).toMatch(/^userId "u+…" \(129 characters\) must be at most 128 characters$/);
  });

  it('names every missing field', () => {
    expect(refused(payload({ action: 'AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY' })).reason).toBe(
      'channelId is missing; userId is missing; groupId is missing; specify is missing',
    );
    expect(refused(payload({ action: 'AEC_LIVE_USER_PLAYING', channelId: 'c', userId: null })).reason).toBe(
      'userId is missing; discharge is missing',
    );
  });

  it('requires a non-empty specify list on SPECIFY creates', () => {
    const result = refused(payload({ action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY', userId: '1', channelId: 'c', conCurrentNumber: '1', specify: ' , ' }));
    expect(result.reason).toBe('specify " , " must list at least one user id');
  });

  it('accepts an empty roomId as no chat room', () => {
    const event = ok(payload({ action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', userId: '1', channelId: 'c', conCurrentNumber: '1', roomId: '' }));
    expect('roomId' in event).toBe(false);
  });
});

describe('double-encoded data', () => {
  const inner = '{"action":"AEC_LIVE_USER_ONLINE","userId":"a b","channelId":"Wz@NWuVj8Tx5aa4a"}';

  it('decodes once more when data starts with %7B, in either case', () => {
    const encoded = encodeURIComponent(inner);
    expect(ok(encoded)).toMatchObject({ kind: 'userOnline', userId: 'a b', channelId: 'Wz@NWuVj8Tx5aa4a' });
    expect(ok(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))).toMatchObject({ kind: 'userOnline' });
  });

  it('treats + as a space, as form decoding does', () => {
    const plus = encodeURIComponent(inner).replace('a%20b', 'a+b');
    expect(ok(plus)).toMatchObject({ userId: 'a b' });
  });

  it('leaves malformed escapes as they are instead of throwing', () => {
    const data = encodeURIComponent(inner).replace('a%20b', 'a%zz%E0%A4');
    expect(ok(data)).toMatchObject({ userId: 'a%zz\ufffd' });
  });

  it('decodes only once more', () => {
    const twice = `%7B${encodeURIComponent(encodeURIComponent(inner.slice(1)))}`;
    expect(refused(twice).reason).toMatch(/^data is not valid JSON even after URL-decoding it again/);
  });
});

describe('malformed input', () => {
  it.each([
    ['', 10002, 'data is empty'],
    ['   ', 10002, 'data is empty'],
    ['{', 10002, /^data is not valid JSON/],
    ['not json', 10002, /^data is not valid JSON/],
    ['%7Bbroken', 10002, /^data is not valid JSON even after URL-decoding it again/],
    ['[]', 10002, 'data must be a JSON object, got an array'],
    ['null', 10002, 'data must be a JSON object, got null'],
    ['"text"', 10002, 'data must be a JSON object, got a string'],
    ['42', 10002, 'data must be a JSON object, got a number'],
    ['{}', 10002, 'action is missing'],
    ['{"action":null}', 10002, 'action is missing'],
    ['{"action":"  "}', 10002, 'action is empty'],
    ['{"action":5}', 10001, 'action 5 must be a string'],
    ['{"action":{"x":1}}', 10001, 'action {"x":1} must be a string'],
    ['{"action":"A\\u0000B"}', 10001, /is not a valid action name$/],
  ])('%j -> %d', (data, code, reason) => {
    const result = refused(data);
    expect(result.code).toBe(code);
    if (typeof reason === 'string') expect(result.reason).toBe(reason);
    else expect(result.reason).toMatch(reason);
  });

  it('refuses data longer than 256 KiB', () => {
    const data = payload({ action: 'AEC_LIVE_USER_ONLINE', userId: '1', channelId: 'c', pad: 'x'.repeat(270_000) });
    expect(refused(data).reason).toMatch(/^data is \d+ characters long; at most 262144 are accepted$/);
  });

  it('survives deep nesting and odd keys', () => {
    expect(refused('['.repeat(30_000) + ']'.repeat(30_000)).code).toBe(10002);
    expect(refused(`{"action":"AEC_LIVE_USER_ONLINE","userId":${'['.repeat(5000)}${']'.repeat(5000)},"channelId":"c"}`)).toMatchObject({
      code: 10002,
      reason: 'userId an array must be a string',
      action: 'AEC_LIVE_USER_ONLINE',
      channelId: 'c',
    });
    expect(ok('{"__proto__":{"x":1},"action":"AEC_LIVE_CLOSE_CHANNEL","userId":"1","channelId":"c"}')).toMatchObject({ kind: 'closeChannel' });
  });

  it('never throws on arbitrary strings and always gives a code and a reason when refusing', async () => {
    const fc = await import('fast-check');
    const anyData = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ action: 'AEC_LIVE_USER_PLAYING', userId: v, channelId: v, discharge: v })),
      fc.string().map((s) => encodeURIComponent(`{${s}`)),
    );
    fc.assert(
      fc.property(anyData, (data) => {
        const result = parseEvent(data);
        if (!result.ok) {
          expect([10001, 10002, 10012]).toContain(result.code);
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('data in the 2.9.6 layout that is not valid JSON', () => {
  it('reads back a name holding quotes and backslashes exactly as sent, and says so', () => {
    const data = '{"ts":"1561699571","action":"AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC","userId":"577175","roomId":"a4aDXK2lEWucjFTB","channelId":"Wz@NWuVjBI3taaCB","conCurrentNumber":"0","extra":"Tom\'s "Late" Show \\o/","roomLiveType":"1"}';
    expect(() => JSON.parse(data)).toThrow();
    const result = parseEvent(data);
    expect(result).toMatchObject({ ok: true, event: { kind: 'createChannel', channelId: 'Wz@NWuVjBI3taaCB', extra: 'Tom\'s "Late" Show \\o/', ts: 1561699571 } });
    expect((result as { note?: string }).note).toMatch(/read back by its layout/);
  });

  it('finds the end of a value even when it holds `","` followed by text that is no key', () => {
    const data = '{"ts":"1","action":"AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC","userId":"1","channelId":"c1","conCurrentNumber":"0","extra":"a","b" and "c"}';
    expect(parseEvent(data)).toMatchObject({ ok: true, event: { extra: 'a","b" and "c' } });
  });

  it('keeps a value that begins with { or [ (written raw) as its JSON text', () => {
    const data = '{"ts":"1","action":"AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC","userId":"1","channelId":"c1","conCurrentNumber":"0","extra":{"title":"x","n":[1,2]}}';
    expect(parseEvent(data)).toMatchObject({ ok: true, event: { extra: '{"title":"x","n":[1,2]}' } });
  });

  it('still refuses what is in no layout, with the raw text quoted in the reason', () => {
    expect(parseEvent('{"ts":"1","action":"AEC_LIVE_USER_ONLINE","userId":')).toMatchObject({ ok: false, reason: expect.stringMatching(/nor in the media server's layout/) });
    expect(parseEvent('{"ts":"1" "action":"x"}')).toMatchObject({ ok: false });
  });

  it('keeps unknown fields out of the event without refusing it', () => {
    const data = '{"ts":"1","action":"AEC_LIVE_USER_ONLINE","userId":"1","channelId":"c1","time":"1","brandNewField":"x"}';
    expect(parseEvent(data)).toMatchObject({ ok: true, event: { kind: 'userOnline', channelId: 'c1', userId: '1' } });
  });
});
