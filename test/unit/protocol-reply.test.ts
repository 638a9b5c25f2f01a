// Every reply we can produce, read by the port of the 2.9.6 reply parser: exact bytes for each
// shape, a safe error index for every denial in every family, and properties over arbitrary text
// and arbitrary sequences of decisions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_FAMILIES,
  DENY_CODES,
  DENY_REASONS,
  DenyCode,
  errorNameOf,
  isSafeWireIndex,
  wireIndexFor,
  type ActionFamily,
} from '../../server/contract';
import { familyOf } from '../../server/contract';
import type { ReplyPayload } from '../../server/domain';
import { formatAllow, formatDeny, wireBody, wireText } from '../../server/protocol';
import { readMediaServerReply } from '../../server/protocol/media-server-reply';
import { CREATE_TYPES, ev, World } from './domain-helpers';

const bytes = (payload: ReplyPayload): string => wireBody(formatAllow(payload));

describe('allow replies, byte for byte', () => {
  it('sends the capacity as a string', () => {
    expect(bytes({ kind: 'capacity', capacity: 100 })).toBe('{"status":"1","data":{"conCurrentNumber":"100"}}');
    expect(bytes({ kind: 'capacity', capacity: 0 })).toBe('{"status":"1","data":{"conCurrentNumber":"0"}}');
  });

  it('adds the groupId for group channels', () => {
    expect(bytes({ kind: 'capacity', capacity: 50, groupId: '42' })).toBe('{"status":"1","data":{"conCurrentNumber":"50","groupId":"42"}}');
  });

  it('echoes echostr, with nothing the parser would cut short', () => {
    expect(bytes({ kind: 'echo', echostr: 'k3Yx9_q' })).toBe('{"status":"1","data":"k3Yx9_q"}');
    expect(bytes({ kind: 'echo', echostr: 'a "quoted"\\ echo' })).toBe(`{"status":"1","data":"a 'quoted'/ echo"}`);
  });

  it('comma-joins the channel lists, keys of empty lists left out, positions kept', () => {
    const reply = bytes({
      kind: 'channelList',
      channelIds: ['Wz@NWuVjBI3taaCB', 'Wz@NWuVj8Tx5aa4a'],
      roomIds: ['a4aDXK2lEWucjFTB', 'a4aDZfdwsWuTLFkD'],
      creators: ['577175', '892500'],
      userDefineData: ['888', '222'],
    });
    expect(reply).toBe(
      '{"status":"1","data":{"channelIdList":"Wz@NWuVjBI3taaCB,Wz@NWuVj8Tx5aa4a","roomIdList":"a4aDXK2lEWucjFTB,a4aDZfdwsWuTLFkD","creatorList":"577175,892500","userDefineDataList":"888,222"}}',
    );
    expect(bytes({ kind: 'channelList', channelIds: ['c1', 'c2'], roomIds: ['r1', ''], creators: ['', ''], userDefineData: ['', ''] })).toBe(
      '{"status":"1","data":{"channelIdList":"c1,c2","roomIdList":"r1,"}}',
    );
    expect(bytes({ kind: 'channelList', channelIds: [], roomIds: [], creators: [], userDefineData: [] })).toBe('{"status":"1","data":{}}');
  });

  it('percent-encodes what would break a list item: a comma, a quote, a brace', () => {
    const reply = bytes({ kind: 'channelList', channelIds: ['c1'], roomIds: [''], creators: ['u1'], userDefineData: ['Q&A, "live" {1}'] });
    expect(reply).toBe('{"status":"1","data":{"channelIdList":"c1","creatorList":"u1","userDefineDataList":"Q&A%2C %22live%22 %7B1%7D"}}');
    expect(readMediaServerReply(reply)).toMatchObject({ kind: 'success' });
  });

  it('sends free text without quotes or backslashes', () => {
    expect(bytes({ kind: 'text', text: 'ok' })).toBe('{"status":"1","data":"ok"}');
    expect(wireText('say "hi" \\ {x}\n')).toBe("say 'hi' / (x) ");
  });
});

describe('deny replies carry the media server error index, never our code', () => {
  it('an index from the table, as a string: the client sees a name that fits', () => {
    expect(wireBody(formatDeny(DenyCode.channelFull, 'live'))).toBe('{"status":"0","data":"91"}');
    expect(wireBody(formatDeny(DenyCode.channelNotOpen, 'live'))).toBe('{"status":"0","data":"80"}');
    expect(wireBody(formatDeny(DenyCode.badSign, 'chatroom'))).toBe('{"status":"0","data":"32"}');
    expect(readMediaServerReply(wireBody(formatDeny(DenyCode.channelFull, 'live')))).toEqual({
      kind: 'failure',
      index: 91,
      name: 'LIVEVDN_MOONSERVER_ERRID_CHANNEL_ONLINE_OUTOFLIMIT',
    });
  });

  it.each(DENY_REASONS)('%s: a safe index in every family, read as that name', (reason) => {
    for (const family of [...ACTION_FAMILIES, 'unknown'] as (ActionFamily | 'unknown')[]) {
      const index = wireIndexFor(DENY_CODES[reason].code, family);
      expect(isSafeWireIndex(index), `${reason} in ${family}: ${index}`).toBe(true);
      const read = readMediaServerReply(wireBody(formatDeny(DENY_CODES[reason].code, family)));
      expect(read).toEqual({ kind: 'failure', index, name: errorNameOf(index) });
    }
  });

  it('a code we do not know still goes out as a safe index', () => {
    const read = readMediaServerReply(wireBody(formatDeny(424242, 'live')));
    expect(read.kind).toBe('failure');
    expect(isSafeWireIndex((read as { index: number }).index)).toBe(true);
  });
});

describe('the ported parser refuses what 2.9.6 refuses', () => {
  it.each([
    ['{"status":1,"data":"ok"}', 'a numeric status'],
    ['{"status": "1","data":"ok"}', 'a space after the colon'],
    ['{"status":"1","data":10001}', 'a numeric data'],
    ['{"status":"1","data":["a"]}', 'an array'],
    ['{"status":"1","data":{"a":{"b":"c"}}}', 'a nested object'],
    ['{"status":"1","data":{"n":5}}', 'a number inside the object'],
    ['{"status":"x","data":"ok"}', 'a status that is no number'],
    ['ok', 'a short body'],
  ])('%s (%s)', (body) => {
    expect(readMediaServerReply(body).kind).toBe('parseError');
  });

  it('reads "0" without data as 32, and an index beyond the table as a crash', () => {
    expect(readMediaServerReply('{"status":"0"}    ')).toMatchObject({ kind: 'failure', index: 32 });
    expect(readMediaServerReply('{"status":"0","data":"10001"}')).toMatchObject({ kind: 'crash', index: 10001 });
  });
});

describe('properties', () => {
  const awkward = fc.string({ unit: fc.constantFrom('a', '7', ' ', '"', '\\', '{', '}', ',', '%', '\n', '\u0000', '\u2028', '中', '😀', '\ud800') });

  it('any text in any allow reply is read back as sent, minus what the parser cannot carry', () => {
    fc.assert(
      fc.property(awkward, awkward, fc.nat(), (text, other, capacity) => {
        const payloads: ReplyPayload[] = [
          { kind: 'text', text },
          { kind: 'echo', echostr: text },
          { kind: 'capacity', capacity, groupId: text },
          { kind: 'channelList', channelIds: [text, other], roomIds: [other, text], creators: [text, ''], userDefineData: [other, text] },
        ];
        for (const payload of payloads) {
          const read = readMediaServerReply(bytes(payload));
          expect(read.kind, bytes(payload)).toBe('success');
          if (payload.kind === 'text') expect((read as { data: unknown }).data).toBe(wireText(text) === '' ? null : wireText(text));
        }
      }),
    );
  });

  it('every decision of any sequence of events goes out in a shape the media server reads, denials within the table', () => {
    const ids = fc.constantFrom('c1', 'c2', 'c3');
    const users = fc.constantFrom('u1', 'u2', 'u3', 'u4');
    const event = fc.oneof(
      fc.tuple(fc.constantFrom(...CREATE_TYPES), ids, users, fc.nat({ max: 600 })).map(([type, c, u, capacity]) =>
        ev.create(type, c, type === 'LIVEPROXY' ? undefined : u, { capacity, groupId: '9', specify: ['u1'] }),
      ),
      fc.tuple(fc.constantFrom('applyUpload', 'setUploader', 'unsetUploader', 'uploaderUploading', 'uploaderDisconnect', 'closeChannel', 'deleteChannel', 'userOnline') as fc.Arbitrary<'userOnline'>, ids, users).map(([kind, c, u]) => ev.user(kind, c, u)),
      fc.tuple(ids, users, fc.nat({ max: 1e9 }), fc.nat({ max: 5 })).map(([c, u, bytesSent, ts]) => ev.playing(c, u, bytesSent, ts)),
      fc.tuple(ids, users, fc.nat({ max: 1e9 })).map(([c, u, bytesSent]) => ev.offline(c, u, bytesSent)),
      ids.map((c) => ev.proxy('proxyApplyUpload', c)),
      fc.constant(ev.query()),
      fc.constant(ev.unsupported('AEC_SOMETHING_NEW')),
    );
    const operation = fc.oneof(
      fc.tuple(ids).map(([c]) => ({ kind: 'close' as const, channelId: c })),
      fc.tuple(ids, users).map(([c, u]) => ({ kind: 'kick' as const, channelId: c, userId: u })),
      users.map((u) => ({ kind: 'ban' as const, userId: u, durationSeconds: 60, reason: 'x' })),
      fc.tuple(ids, fc.nat({ max: 5 })).map(([c, capacity]) => ({ kind: 'setCapacity' as const, channelId: c, capacity })),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(event.map((e) => ({ e })), operation.map((o) => ({ o }))), { maxLength: 60 }), (steps) => {
        const world = new World({ maxCapacity: 500 });
        for (const step of steps) {
          if ('o' in step) {
            world.operate(step.o);
            continue;
          }
          const decision = world.send(step.e);
          world.advance(20);
          const reply = decision.allow ? formatAllow(decision.reply) : formatDeny(decision.code, familyOf(step.e.action));
          const read = readMediaServerReply(wireBody(reply));
          expect(read.kind === 'success' || read.kind === 'failure', `${step.e.action}: ${wireBody(reply)}`).toBe(true);
          if (read.kind === 'failure') expect(isSafeWireIndex(read.index)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
