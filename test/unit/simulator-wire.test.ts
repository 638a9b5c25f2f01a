import { describe, expect, it } from 'vitest';
import { IdMint, ID_PATTERN } from '../../server/simulator/ids';
import { Prng } from '../../server/simulator/prng';
import { buildData, capacityFromReply, encodeRequest, parseReply } from '../../server/simulator/wire';

describe('simulator wire format', () => {
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
    expect(JSON.parse(data)).toEqual({
      ts: '1561542285',
      action: 'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC',
      roomId: 'a4aDZfdwsWuTLFkD',
      listType: '2',
      channelId: 'Wz@NWuVj8Tx5aa4a',
      conCurrentNumber: '100',
    });
  });

  it('puts data URL-encoded in a form POST body, with the form content type', () => {
    const data = '{"ts":"1561699571","action":"AEC_LIVE_USER_PLAYING","userId":"577175","channelId":"Wz@NWuVjBI3taaCB","time":"1561699571","discharge":"15000000"}';
    const wire = encodeRequest('post', new URL('http://127.0.0.1:9100/aec/eventCenter.php'), data);
    expect(wire.method).toBe('POST');
    expect(wire.path).toBe('/aec/eventCenter.php');
    expect(wire.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(wire.body).toBe(
      'data=%7B%22ts%22%3A%221561699571%22%2C%22action%22%3A%22AEC_LIVE_USER_PLAYING%22%2C%22userId%22%3A%22577175%22%2C%22channelId%22%3A%22Wz%40NWuVjBI3taaCB%22%2C%22time%22%3A%221561699571%22%2C%22discharge%22%3A%2215000000%22%7D',
    );
    expect(wire.headers['content-length']).toBe(String(Buffer.byteLength(wire.body ?? '')));
    expect(new URLSearchParams(wire.body).get('data')).toBe(data);
  });

  it('puts data in the GET query, keeping a query the operator typed in aecurl', () => {
    const data = buildData('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', 1561699571, { userId: '577175', channelId: 'Wz@NWuVj8Tx5aa4a', extra: 'Q&A Café' });
    const plain = encodeRequest('get', new URL('http://10.0.0.5:9100/eventCenter'), data);
    expect(plain.method).toBe('GET');
    expect(plain.body).toBeUndefined();
    expect(plain.path.startsWith('/eventCenter?data=%7B%22ts%22%3A%221561699571%22')).toBe(true);
    expect(new URL(plain.path, 'http://x').searchParams.get('data')).toBe(data);

    const withQuery = encodeRequest('get', new URL('http://10.0.0.5:9100/aec?site=2'), data);
    const query = new URL(withQuery.path, 'http://x').searchParams;
    expect(query.get('site')).toBe('2');
    expect(query.get('data')).toBe(data);
  });

  it('reads a reply as the media server does: only the strings "1" and "0" count', () => {
    expect(parseReply(200, '{"status":"1","data":{"conCurrentNumber":"100"}}')).toEqual({ kind: 'allow', data: { conCurrentNumber: '100' } });
    expect(parseReply(200, '{"status":"0","data":10004}')).toEqual({ kind: 'deny', data: 10004 });
    expect(parseReply(200, '{"status":1,"data":"ok"}').kind).toBe('error');
    expect(parseReply(500, '{"status":"1"}').kind).toBe('error');
    expect(parseReply(200, 'OK').kind).toBe('error');
  });

  it('learns the channel capacity from an APPLY_UPLOAD reply, object or JSON string', () => {
    expect(capacityFromReply({ conCurrentNumber: '100' })).toBe(100);
    expect(capacityFromReply('{"conCurrentNumber":"0","groupId":"5"}')).toBe(0);
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
