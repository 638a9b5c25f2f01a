import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../server/protocol';
import type { AecEvent } from '../../server/domain';
import { CREATE_TYPES, ev, expectAllow, expectDeny, T0, World } from './domain-helpers';

function parsed(data: Record<string, unknown>): AecEvent {
  const result = parseEvent(JSON.stringify(data));
  if (!result.ok) throw new Error(`payload refused: ${result.reason}`);
  return result.event;
}

/** What a create of each type looks like on the wire. */
function createOf(type: (typeof CREATE_TYPES)[number], channelId: string): AecEvent {
  const creator = type === 'LIVEPROXY' ? undefined : 'u-creator';
  const group = type === 'GROUP_PUBLIC' || type === 'GROUP_SPECIFY' ? { groupId: '42' } : {};
  const specify = type === 'LOGIN_SPECIFY' || type === 'GROUP_SPECIFY' ? { specify: ['a', 'b'] } : {};
  return ev.create(type, channelId, creator, { capacity: 10, roomId: 'room_1', extra: 'x', listType: 1, ...group, ...specify });
}

describe('creating a channel', () => {
  it.each(CREATE_TYPES)('creates a %s channel with every field the media server sent', (type) => {
    const world = new World();
    const decision = world.send(createOf(type, 'ch-1'));
    expect(expectAllow(decision).reason).toContain('ch-1');
    const channel = world.channel('ch-1');
    expect(channel).toMatchObject({
      id: 'ch-1',
      type,
      capacity: 10,
      roomId: 'room_1',
      extra: 'x',
      listType: 1,
      lifecycle: 'open',
      adopted: false,
      createdAt: T0,
      bytes: 0,
      grantedUploaders: [],
    });
    expect(channel.creator).toBe(type === 'LIVEPROXY' ? undefined : 'u-creator');
    if (type === 'GROUP_PUBLIC' || type === 'GROUP_SPECIFY') expect(channel.groupId).toBe('42');
    if (type === 'LOGIN_SPECIFY' || type === 'GROUP_SPECIFY') expect(channel.specify).toEqual(['a', 'b']);
    expect(world.display('ch-1')).toBe('idle');
  });

  it('keeps the real BROADCAST and LIVEPROXY payloads as sent (numbers as strings)', () => {
    const world = new World();
    expectAllow(
      world.send(
        parsed({
          ts: '1561699571',
          action: 'AEC_LIVE_CREATE_CHANNEL_BROADCAST',
          userId: '577175',
          roomId: 'a4aDXK2lEWucjFTB',
          listType: '9',
          channelId: 'Wz@NWuVjBI3taaCB',
          conCurrentNumber: '0',
          extra: '888',
        }),
      ),
    );
    expectAllow(
      world.send(
        parsed({
          ts: '1561542285',
          action: 'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC',
          roomId: 'a4aDZfdwsWuTLFkD',
          listType: '2',
          channelId: 'Wz@NWuVj8Tx5aa4a',
          conCurrentNumber: '100',
          extra: '222',
        }),
      ),
    );
    expect(world.channel('Wz@NWuVjBI3taaCB')).toMatchObject({ type: 'BROADCAST', creator: '577175', capacity: 0, listType: 9, extra: '888' });
    const proxy = world.channel('Wz@NWuVj8Tx5aa4a');
    expect(proxy).toMatchObject({ type: 'LIVEPROXY', capacity: 100, roomId: 'a4aDZfdwsWuTLFkD', listType: 2 });
    expect(proxy.creator).toBeUndefined();
  });

  it('refuses a creator-less create of any type but LIVEPROXY at the wire, before the domain', () => {
    const result = parseEvent(JSON.stringify({ action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', channelId: 'c', conCurrentNumber: '1' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('userId');
  });

  it('answers a retry by the same creator with the same type "1" and changes nothing', () => {
    const world = new World();
    world.send(ev.create('LOGIN_PUBLIC', 'ch-1', 'alice', { capacity: 5 }));
    world.advance(30);
    const before = structuredClone(world.channel('ch-1'));
    const retry = expectAllow(world.send(ev.create('LOGIN_PUBLIC', 'ch-1', 'alice', { capacity: 5 })));
    expect(retry.changes).toEqual([]);
    expect(retry.reason).toContain('ch-1');
    expect(world.channel('ch-1')).toEqual(before);
  });

  it('treats a LIVEPROXY re-create (no creator on either side) as a retry', () => {
    const world = new World();
    world.send(ev.create('LIVEPROXY', 'px', undefined, { capacity: 3 }));
    expect(expectAllow(world.send(ev.create('LIVEPROXY', 'px', undefined, { capacity: 3 }))).changes).toEqual([]);
  });

  it('refuses a re-create by another user, naming the channel and its creator', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch-1', 'alice'));
    expectDeny(world.send(ev.create('GLOBAL_PUBLIC', 'ch-1', 'bob')), 'channelExists', 'ch-1', 'alice');
    expect(world.channel('ch-1').creator).toBe('alice');
  });

  it('refuses a re-create by the same creator with another type', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch-1', 'alice'));
    expectDeny(world.send(ev.create('LOGIN_PUBLIC', 'ch-1', 'alice')), 'channelExists', 'ch-1', 'GLOBAL_PUBLIC');
    expect(world.channel('ch-1').type).toBe('GLOBAL_PUBLIC');
  });

  it('refuses a re-create of a closed (not deleted) channel by another user', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch-1', 'alice'));
    world.send(ev.user('closeChannel', 'ch-1', 'alice'));
    expectDeny(world.send(ev.create('GLOBAL_PUBLIC', 'ch-1', 'bob')), 'channelExists', 'ch-1');
  });

  it('accepts capacity 0 (no limit) and exactly the maximum, refuses one above, naming both numbers', () => {
    const world = new World({ maxCapacity: 50 });
    expectAllow(world.send(ev.create('GLOBAL_PUBLIC', 'zero', 'u', { capacity: 0 })));
    expectAllow(world.send(ev.create('GLOBAL_PUBLIC', 'max', 'u', { capacity: 50 })));
    const denied = expectDeny(world.send(ev.create('GLOBAL_PUBLIC', 'over', 'u', { capacity: 51 })), 'capacityOutOfRange', '51', '50');
    expect(denied.changes).toEqual([]);
    expect(world.state.channels.has('over')).toBe(false);
  });

  it('uses the default maximum of 500', () => {
    const world = new World();
    expectAllow(world.send(ev.create('GLOBAL_PUBLIC', 'a', 'u', { capacity: 500 })));
    expectDeny(world.send(ev.create('GLOBAL_PUBLIC', 'b', 'u', { capacity: 501 })), 'capacityOutOfRange');
  });

  it('re-creates a deleted channel, open again, keeping the traffic it had', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch-1', 'alice'));
    world.send(ev.user('userOnline', 'ch-1', 'v1'));
    world.send(ev.playing('ch-1', 'v1', 1000));
    world.send(ev.user('deleteChannel', 'ch-1', 'alice'));
    expect(world.channel('ch-1').lifecycle).toBe('deleted');
    world.advance(60);

    const decision = expectAllow(world.send(ev.create('LOGIN_PUBLIC', 'ch-1', 'bob', { capacity: 7 })));
    expect(decision.reason).toContain('re-created');
    expect(world.channel('ch-1')).toMatchObject({ type: 'LOGIN_PUBLIC', creator: 'bob', capacity: 7, lifecycle: 'open', bytes: 1000, createdAt: T0 + 60_000 });
    expect(world.channel('ch-1').deletedAt).toBeUndefined();
    expect(world.state.totals.bytes).toBe(1000);
  });

  it('upgrades a channel adopted from a stray event when its create arrives, keeping its traffic and viewers', () => {
    const world = new World();
    world.send(ev.user('userOnline', 'late', 'v1'));
    world.send(ev.playing('late', 'v1', 500));
    expect(world.channel('late')).toMatchObject({ type: 'unknown', adopted: true });
    world.advance(10);

    const decision = expectAllow(world.send(ev.create('LOGIN_SPECIFY', 'late', 'alice', { capacity: 3, specify: ['v1'] })));
    expect(decision.reason).toContain('adopted');
    expect(world.channel('late')).toMatchObject({
      type: 'LOGIN_SPECIFY',
      creator: 'alice',
      adopted: false,
      capacity: 3,
      bytes: 500,
      createdAt: T0,
      specify: ['v1'],
    });
    expect(world.viewers('late')).toBe(1);
    expect(world.display('late')).toBe('idle');
  });
});
