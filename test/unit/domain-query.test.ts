import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../server/protocol';
import type { AecEvent, Decision, ReplyPayload } from '../../server/domain';
import { ev, expectAllow, expectDeny, World } from './domain-helpers';

function listReply(decision: Decision): Extract<ReplyPayload, { kind: 'channelList' }> {
  const { reply } = expectAllow(decision);
  if (reply.kind !== 'channelList') throw new Error(`expected a channel list, got ${reply.kind}`);
  return reply;
}

function wire(data: Record<string, string>): AecEvent {
  const result = parseEvent(JSON.stringify(data));
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

function catalogue(): World {
  const world = new World();
  world.sendAll([
    ev.create('GLOBAL_PUBLIC', 'live1', 'u1', { roomId: 'r1', listType: 1, extra: 'x1' }),
    ev.create('BROADCAST', 'super9', 'u9', { roomId: 'r9', listType: 9, extra: '888' }),
    ev.create('LIVEPROXY', 'pulled2', undefined, { roomId: 'r2', listType: 2, extra: '222' }),
    ev.create('LOGIN_PUBLIC', 'nolist', 'u0'),
    ev.create('GLOBAL_PUBLIC', 'closed1', 'u1', { roomId: 'rc', listType: 1 }),
    ev.create('GLOBAL_PUBLIC', 'deleted1', 'u1', { roomId: 'rd', listType: 1 }),
    ev.user('closeChannel', 'closed1', 'u1'),
    ev.user('deleteChannel', 'deleted1', 'u1'),
  ]);
  return world;
}

describe('QUERY_ALL_CHANNEL_LIST', () => {
  it('without listTypes lists every open channel, with parallel room, creator and extra lists', () => {
    const reply = listReply(catalogue().send(ev.query()));
    expect(reply.channelIds).toEqual(['live1', 'super9', 'pulled2', 'nolist']);
    expect(reply.roomIds).toEqual(['r1', 'r9', 'r2', '']);
    expect(reply.creators).toEqual(['u1', 'u9', '', 'u0']);
    expect(reply.userDefineData).toEqual(['x1', '888', '222', '']);
  });

  it('with listTypes lists only the open channels filed under them', () => {
    const world = catalogue();
    expect(listReply(world.send(ev.query([1, 2]))).channelIds).toEqual(['live1', 'pulled2']);
    expect(listReply(world.send(ev.query([9]))).creators).toEqual(['u9']);
    expect(listReply(world.send(ev.query([7]))).channelIds).toEqual([]);
  });

  it('parses listTypes "1,2" from the wire', () => {
    const reply = listReply(catalogue().send(wire({ action: 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST', listTypes: '1,2' })));
    expect(reply.channelIds).toEqual(['live1', 'pulled2']);
  });

  it('changes nothing and answers an empty list on an empty state', () => {
    const world = new World();
    const decision = world.send(ev.query([1]));
    expect(decision.changes).toEqual([]);
    expect(listReply(decision)).toEqual({ kind: 'channelList', channelIds: [], roomIds: [], creators: [], userDefineData: [] });
  });
});

describe('ACCESS_VALIDATION', () => {
  it.each(['abc123', '', 'with spaces & %7B'])('echoes echostr %j verbatim', (echostr) => {
    const decision = expectAllow(new World().send(ev.echo(echostr)));
    expect(decision.reply).toEqual({ kind: 'echo', echostr });
    expect(decision.changes).toEqual([]);
  });

  it('echoes what came over the wire', () => {
    const event = wire({ action: 'AEC_ACCESS_VALIDATION', echostr: 'e-42', timestamp: '1561699571', nonce: 'n' });
    expect(expectAllow(new World().send(event)).reply).toEqual({ kind: 'echo', echostr: 'e-42' });
  });
});

describe('actions no family knows', () => {
  const unknown = ['AEC_SOMETHING_NEW', 'AEC_ACTION_FIRST'];

  it.each(unknown)('%s is answered "1" by default (a newer media server keeps working), naming the action', (action) => {
    const decision = expectAllow(new World().send(ev.unsupported(action)));
    expect(decision.reason).toContain(action);
    expect(decision.changes).toEqual([]);
  });

  it.each(unknown)('%s is denied 10001 when the setting says so', (action) => {
    const denied = expectDeny(new World({ unsupportedReply: 'deny' }).send(ev.unsupported(action)), 'unsupported', action);
    expect(denied.code).toBe(10001);
    expect(denied.changes).toEqual([]);
  });

  it('a real chat room create from the wire makes a chat room and touches no channel', () => {
    const world = new World();
    const event = wire({
      ts: '1561085008',
      action: 'AEC_CHATROOM_CREATE',
      userId: '892500',
      roomId: 'a4a8_KS9sWt36ttn',
      roomType: 'CHAT_ROOM_TYPE_PUBLIC',
      conCurrentNumber: '100',
      userDefineData: '666',
    });
    expectAllow(world.send(event));
    expect(world.state.channels.size).toBe(0);
    expect(world.state.chatRooms.get('a4a8_KS9sWt36ttn')).toMatchObject({ creator: '892500', limit: 100, name: '666', type: 'PUBLIC' });
  });
});
