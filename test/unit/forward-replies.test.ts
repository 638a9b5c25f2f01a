// Forward mode's reading of eventCenter replies, and what goes back to the media server. The
// invariant that matters most: whatever an eventCenter answers, the media server is never sent
// an error index outside its table (measured: that crashes liveSrcServer).

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTION_NAMES } from '../../server/contract';
import { readUpstreamReply, wireForUpstream } from '../../server/protocol';
import { readMediaServerReply } from '../../server/protocol/media-server-reply';

const read = (body: string) => {
  const reading = readUpstreamReply(body);
  if (!reading.readable) throw new Error(reading.why);
  return reading;
};

describe('reading an eventCenter reply leniently', () => {
  test.each([
    ['{"status":"1","data":"ok"}', true, 'ok'],
    ['{"status":1,"data":"ok"}', true, 'ok'],
    ['{"status": "0", "data": 10001}', false, '10001'],
    ['<br />\n<b>Notice</b>: Undefined index: x in <b>/var/www/a.php</b><br />\n{"status":"1","data":2}', true, '2'],
    ['\ufeff{"status":"1","data":{"groupList":"a,b","n":3}}', true, { groupList: 'a,b', n: '3' }],
    ['{"status":"0"}', false, null],
  ])('%s', (body, allowed, data) => {
    expect(read(body)).toMatchObject({ allowed, data });
  });

  test.each(['', 'OK', '<html>502 Bad Gateway</html>', '{"data":"1"}', '{"status":"yes"}', '[1]'])('not a reply: %j', (body) => {
    expect(readUpstreamReply(body).readable).toBe(false);
  });
});

describe('what the media server is sent', () => {
  test('a reply 2.9.6 reads goes out as it came, byte for byte', () => {
    const body = 'Notice: x\n{"status":"1","data":"892500,100"}';
    expect(wireForUpstream(body, read(body), 'AEC_CHATROOM_IS_EXIST', true)).toEqual({ body, rewrite: null, unreadable: null, dangerous: false });
  });

  test('without normalising, an unreadable reply goes out as it came and says why', () => {
    const body = '{"status":"1","data":2}';
    const wire = wireForUpstream(body, read(body), 'AEC_MSG_SERVER_GET_PUSH_MODE', false);
    expect(wire.body).toBe(body);
    expect(wire.unreadable).toMatch(/a number/);
  });

  test.each([
    ['AEC_MSG_SERVER_GET_PUSH_MODE', '{"status":"1","data":2}', '{"status":"1","data":"2"}'],
    ['AEC_GROUP_CREATE', '{"status": "1", "data": 100462}', '{"status":"1","data":"100462"}'],
    ['AEC_GROUP_SYNC_ALL', '{"status":"1","data":{}}', '{"status":"1","data":{"groupList":""}}'],
    ['AEC_GROUP_SYNC_ALL', '{"status":"1","data":{"ignoreList":"b"}}', '{"status":"1","data":{"groupList":"","ignoreList":"b"}}'],
    ['AEC_LIVE_APPLY_UPLOAD_CHANNEL', '{"status":1,"data":{"conCurrentNumber":100}}', '{"status":"1","data":{"conCurrentNumber":"100"}}'],
    ['AEC_CHATROOM_CREATE', '{"status":"0","data":10001}', '{"status":"0","data":"32"}'],
    ['AEC_CHATROOM_CREATE', '{"status":"0","data":24}', '{"status":"0","data":"24"}'],
    ['AEC_CHATROOM_CREATE', '{"status":0}', '{"status":"0","data":"32"}'],
  ])('normalising %s %s', (action, body, expected) => {
    const wire = wireForUpstream(body, read(body), action, true);
    expect(wire.body).toBe(expected);
    expect(wire.rewrite).not.toBeNull();
  });

  test('an error index outside the table is rewritten even without normalising, and flagged dangerous', () => {
    for (const data of ['10001', '106', '200']) {
      const body = `{"status":"0","data":"${data}"}`;
      const wire = wireForUpstream(body, read(body), 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', false);
      expect(wire).toMatchObject({ body: '{"status":"0","data":"32"}', dangerous: true });
    }
  });

  test('property: whatever the eventCenter answers, the media server never gets an index outside its table', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.string({ maxLength: 6 }), fc.constantFrom('10001', '105', '106', '0', ' 7', '-1'), fc.constant(null));
    fc.assert(
      fc.property(fc.constantFrom(...ACTION_NAMES), fc.constantFrom('0', '1', 0, 1), value, fc.boolean(), fc.boolean(), (action, status, data, spaced, normalise) => {
        const body = JSON.stringify({ status, data }, null, spaced ? 1 : undefined);
        const reading = readUpstreamReply(body);
        if (!reading.readable) return;
        const sent = readMediaServerReply(wireForUpstream(body, reading, action, normalise).body);
        expect(sent.kind).not.toBe('crash');
      }),
      { numRuns: 2000 },
    );
  });
});
