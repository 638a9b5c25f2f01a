import { describe, expect, it } from 'vitest';
import { IdMint, ID_PATTERN } from '../../server/simulator/ids';
import { Prng } from '../../server/simulator/prng';
import { answerOf, buildData, capacityFromReply, formBody, phpUrlencode, requestBytes } from '../../server/simulator/wire';

describe('simulator wire format (2.9.6)', () => {
  it('builds the data JSON the media server sends: ts and action first, every value a string', () => {
    const data = buildData('AEC_LIVE_USER_PLAYING', 1561699571.9, {
      userId: '577175',
      channelId: 'Wz@NWuVjBI3taaCB',
      time: 1561699571,
      discharge: 15_000_000,
    });
    expect(data).toBe(
      '{"ts":"1561699571","action":"AEC_LIVE_USER_PLAYING","userId":"577175","channelId":"Wz@NWuVjBI3taaCB","time":"1561699571","discharge":"15000000"}',
    );
  });

  it('leaves out fields it does not have instead of sending null or "undefined"', () => {
    const data = buildData('AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC', 1561542285, {
      userId: undefined,
      roomId: 'a4aDZfdwsWuTLFkD',
      listType: '2',
      channelId: 'Wz@NWuVj8Tx5aa4a',
      conCurrentNumber: '100',
    });
    expect(data).toBe(
      '{"ts":"1561542285","action":"AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC","roomId":"a4aDZfdwsWuTLFkD","listType":"2","channelId":"Wz@NWuVj8Tx5aa4a","conCurrentNumber":"100"}',
    );
  });

  it('escapes nothing, as 2.9.6 does, and writes a value that begins with { or [ raw', () => {
    const data = buildData('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', 1, { extra: 'Tom\'s "Late" Show \\o/', roomLiveType: '1' });
    expect(data).toBe('{"ts":"1","action":"AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC","extra":"Tom\'s "Late" Show \\o/","roomLiveType":"1"}');
    expect(() => JSON.parse(data)).toThrow();
    expect(buildData('AEC_CHATROOM_CREATE', 1, { userDefineData: '{"name":"x"}' })).toBe('{"ts":"1","action":"AEC_CHATROOM_CREATE","userDefineData":{"name":"x"}}');
  });

  it('URL-encodes like PHP: a space is +, upper-case hex, only letters, digits and -_. kept', () => {
    expect(phpUrlencode('a b~*\'é@')).toBe('a+b%7E%2A%27%C3%A9%40');
  });

  it('signs with the factory key and sends the documented chat-room example byte for byte', () => {
    const data =
      '{"ts":"1561085008","action":"AEC_CHATROOM_CREATE","userId":"892500","roomId":"a4a8_KS9sWt36ttn","roomType":"CHAT_ROOM_TYPE_PUBLIC","conCurrentNumber":"100","userDefineData":"666"}';
    expect(formBody(data)).toMatch(/^data=%7B%22ts%22%3A%221561085008%22%2C%22action%22%3A%22AEC_CHATROOM_CREATE%22%2C.*%7D&sign=072zgH0GmDTPqYhqT0GVeHVVALM%3D$/);
  });

  it('writes the request as 2.9.6 does: POST, its headers in order, Host without the port, no Connection header', () => {
    const data = buildData('AEC_LIVE_USER_ONLINE', 1561699571, { userId: '1', channelId: 'c' });
    const text = requestBytes(new URL('http://127.0.0.1:9100/aec/eventCenter.php'), data).toString('utf8');
    const [head, body] = text.split('\r\n\r\n');
    expect(head!.split('\r\n')).toEqual([
      'POST /aec/eventCenter.php HTTP/1.1',
      'Accept: */*',
      'User-Agent: Mozilla/4.0',
      'Accept-Language: en-us,zh-cn;q=0.5',
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${Buffer.byteLength(body!)}`,
      'Cache-Control: no-cache',
      'Host: 127.0.0.1',
    ]);
    expect(body).toBe(formBody(data));
  });

  it('reads a reply through the 2.9.6 parser: the strings "1" and "0", an index into the error table', () => {
    expect(answerOf(200, '{"status":"1","data":{"conCurrentNumber":"100"}}')).toEqual({ kind: 'allow', data: { conCurrentNumber: '100' } });
    expect(answerOf(200, '{"status":"0","data":"73"}')).toEqual({ kind: 'deny', index: 73, name: 'LIVESRC_MOONSERVER_ERRID_CHANNEL_NOT_FOUND' });
    expect(answerOf(200, '{"status":"0","data":10004}').kind).toBe('error');
    expect(answerOf(200, '{"status":"0","data":"10004"}')).toMatchObject({ kind: 'error', message: expect.stringMatching(/crash/) });
    expect(answerOf(200, '{"status":1,"data":"ok"}').kind).toBe('error');
    expect(answerOf(500, '{"status":"1"}').kind).toBe('error');
    expect(answerOf(200, 'OK').kind).toBe('error');
  });

  it('learns the channel capacity from an APPLY_UPLOAD reply', () => {
    expect(capacityFromReply({ conCurrentNumber: '100' })).toBe(100);
    expect(capacityFromReply({ conCurrentNumber: '0', groupId: '5' })).toBe(0);
    expect(capacityFromReply('ok')).toBeUndefined();
    expect(capacityFromReply({ conCurrentNumber: '-3' })).toBeUndefined();
  });
});

describe('simulator ids', () => {
  it('mints unique 16-character channel and room ids from [A-Za-z0-9@_-] and numeric group ids', () => {
    const mint = new IdMint(new Prng(11));
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      for (const id of [mint.channelId(), mint.roomId()]) {
        expect(id).toMatch(ID_PATTERN);
        seen.add(id);
      }
      expect(mint.groupId()).toMatch(/^\d+$/);
    }
    expect(seen.size).toBe(6000);
  });

  it('gives the same ids for the same seed and different ones for another', () => {
    const a = new IdMint(new Prng('demo'));
    const b = new IdMint(new Prng('demo'));
    const c = new IdMint(new Prng('other'));
    const first = [a.channelId(), a.roomId(), a.groupId()];
    expect([b.channelId(), b.roomId(), b.groupId()]).toEqual(first);
    expect([c.channelId(), c.roomId(), c.groupId()]).not.toEqual(first);
  });
});
