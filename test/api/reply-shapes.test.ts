// The media server parses our replies: the bytes must be exactly those of aec-protocol.md §2.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { aec, dataOf, reading, sendData, WIRE_FORMS } from '../support/aec-client';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

async function rawReply(payload: Record<string, unknown>, form: (typeof WIRE_FORMS)[number] = 'starrtc'): Promise<string> {
  const raw = await sendData(t.callbackUrl, dataOf(payload, form), form);
  expect(raw.httpStatus).toBe(200);
  return raw.text;
}

describe('reply bytes', () => {
  test('QUERY_ALL_CHANNEL_LIST on an empty state: an empty object, every key omitted', async () => {
    expect(await rawReply({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1,2' })).toBe('{"status":"1","data":{}}');
  });

  test('APPLY_UPLOAD carries the capacity as a string', async () => {
    await rawReply(aec.createGlobal('Wz@NWuVjBI3taaCB', '577175', '100', '888'));
    for (const form of WIRE_FORMS) {
      expect(await rawReply(aec.applyUpload('Wz@NWuVjBI3taaCB', '577175'), form)).toBe('{"status":"1","data":{"conCurrentNumber":"100"}}');
    }
  });

  test('APPLY_UPLOAD on a group channel adds groupId', async () => {
    await rawReply(aec.createGroup('a4aDXK2lEWucjFTB', '892500', '1234567'));
    expect(await rawReply(aec.applyUpload('a4aDXK2lEWucjFTB', '892500'))).toBe(
      '{"status":"1","data":{"conCurrentNumber":"0","groupId":"1234567"}}',
    );
  });

  test('LIVEPROXY_APPLY_UPLOAD carries the capacity only', async () => {
    await rawReply({ ts: '1561542285', action: 'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC', roomId: 'a4aDZfdwsWuTLFkD', listType: '2', channelId: 'Wz@NWuVj8Tx5aa4a', conCurrentNumber: '100', extra: '222' });
    expect(await rawReply({ action: 'AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL', channelId: 'Wz@NWuVj8Tx5aa4a' })).toBe(
      '{"status":"1","data":{"conCurrentNumber":"100"}}',
    );
  });

  test('QUERY_ALL_CHANNEL_LIST: parallel comma-joined lists, filtered by list type', async () => {
    await rawReply({ ...aec.createGlobal('Wz@NWuVj_second', '577176', '0', '999'), roomId: 'a4aDXK2lEWucjFTC', listType: '1' });
    await rawReply({ ...aec.createGlobal('Wz@NWuVjBI3taaCB', '577175'), listType: '1' }); // a retry: no change
    // listType 1: the first channel (created with listType 1 by createGlobal) and the second.
    expect(await rawReply({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1' })).toBe(
      '{"status":"1","data":{"channelIdList":"Wz@NWuVjBI3taaCB,Wz@NWuVj_second","roomIdList":"a4a8_KS9sWt36ttn,a4aDXK2lEWucjFTC","creatorList":"577175,577176","userDefineDataList":"888,999"}}',
    );
    // A pulled channel has no creator; whether its empty creatorList key is sent is left open.
    const pulled = JSON.parse(await rawReply({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '2' })) as { data: Record<string, string> };
    expect(pulled.data).toMatchObject({ channelIdList: 'Wz@NWuVj8Tx5aa4a', roomIdList: 'a4aDZfdwsWuTLFkD', userDefineDataList: '222' });
    expect(await rawReply({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '3' })).toBe('{"status":"1","data":{}}');
  });

  test('ACCESS_VALIDATION echoes echostr in every form, without what the parser would cut it at', async () => {
    const echostr = 'a b&c=d+é%20"q"/\\';
    for (const form of WIRE_FORMS) {
      const text = await rawReply({ action: 'AEC_ACCESS_VALIDATION', echostr, timestamp: '1561083201', nonce: '7' }, form);
      expect(text).toBe(`{"status":"1","data":"a b&c=d+é%20'q'//"}`);
      expect(reading(text)).toEqual({ kind: 'success', data: "a b&c=d+é%20'q'//" });
    }
  });

  test('a deny is the string "0" and, as a string, the index of the error name that fits', async () => {
    await rawReply({ ...aec.createGlobal('Wz@NWuVj_login1', '577175'), action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC', listType: '5' });
    const notAllowed = await rawReply(aec.applyUpload('Wz@NWuVj_login1', '1'));
    expect(notAllowed).toBe('{"status":"0","data":"75"}');
    expect(reading(notAllowed)).toEqual({ kind: 'failure', index: 75, name: 'LIVESRC_MOONSERVER_ERRID_UP_USER_AUTH_FAILED' });
    expect(await rawReply({ action: 'AEC_GROUP_SYNC_ALL', groupId: '999999' })).toBe('{"status":"0","data":"49"}');
  });

  test('replies are JSON with status 200 and a JSON content type', async () => {
    const res = await fetch(`${t.callbackUrl}aec?data=${encodeURIComponent('{"action":"AEC_ACCESS_VALIDATION","echostr":"x"}')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
