import { describe, expect, it } from 'vitest';
import { formatAllow, formatDeny } from '../../server/protocol';
import { DenyCode } from '../../server/contract';

const wire = (reply: unknown) => JSON.stringify(reply);

describe('formatAllow', () => {
  it('sends the capacity as a string', () => {
    expect(wire(formatAllow({ kind: 'capacity', capacity: 100 }))).toBe('{"status":"1","data":{"conCurrentNumber":"100"}}');
    expect(wire(formatAllow({ kind: 'capacity', capacity: 0 }))).toBe('{"status":"1","data":{"conCurrentNumber":"0"}}');
  });

  it('adds the groupId for group channels', () => {
    expect(wire(formatAllow({ kind: 'capacity', capacity: 50, groupId: '42' }))).toBe(
      '{"status":"1","data":{"conCurrentNumber":"50","groupId":"42"}}',
    );
  });

  it('echoes echostr verbatim', () => {
    expect(wire(formatAllow({ kind: 'echo', echostr: 'a "quoted"/+= echo ' }))).toBe('{"status":"1","data":"a \\"quoted\\"/+= echo "}');
  });

  it('comma-joins the channel lists', () => {
    const reply = formatAllow({
      kind: 'channelList',
      channelIds: ['Wz@NWuVjBI3taaCB', 'Wz@NWuVj8Tx5aa4a'],
      roomIds: ['a4aDXK2lEWucjFTB', 'a4aDZfdwsWuTLFkD'],
      creators: ['577175', '892500'],
      userDefineData: ['888', '222'],
    });
    expect(wire(reply)).toBe(
      '{"status":"1","data":{"channelIdList":"Wz@NWuVjBI3taaCB,Wz@NWuVj8Tx5aa4a","roomIdList":"a4aDXK2lEWucjFTB,a4aDZfdwsWuTLFkD","creatorList":"577175,892500","userDefineDataList":"888,222"}}',
    );
  });

  it('omits the keys of empty lists', () => {
    const reply = formatAllow({ kind: 'channelList', channelIds: ['c1'], roomIds: [], creators: ['u1'], userDefineData: [] });
    expect(wire(reply)).toBe('{"status":"1","data":{"channelIdList":"c1","creatorList":"u1"}}');
    // Pulled channels have no creator: the key says nothing, so it is left out; positions of
    // the other lists still line up.
    expect(
      wire(formatAllow({ kind: 'channelList', channelIds: ['c1', 'c2'], roomIds: ['r1', ''], creators: ['', ''], userDefineData: ['', ''] })),
    ).toBe('{"status":"1","data":{"channelIdList":"c1,c2","roomIdList":"r1,"}}');
    expect(wire(formatAllow({ kind: 'channelList', channelIds: [], roomIds: [], creators: [], userDefineData: [] }))).toBe(
      '{"status":"1","data":{}}',
    );
  });

  it('sends free text as is', () => {
    expect(wire(formatAllow({ kind: 'text', text: 'ok' }))).toBe('{"status":"1","data":"ok"}');
  });
});

describe('formatDeny', () => {
  it('sends status "0" and the numeric code', () => {
    expect(wire(formatDeny(DenyCode.channelFull))).toBe('{"status":"0","data":10009}');
    expect(wire(formatDeny(DenyCode.missingArgument))).toBe('{"status":"0","data":10002}');
  });
});
