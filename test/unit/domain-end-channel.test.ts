import { describe, expect, it } from 'vitest';
import { ev, expectAllow, expectConsistent, expectDeny, World } from './domain-helpers';

/** A channel with a live uploader and two viewers who have watched 300 bytes. */
function busyChannel(): World {
  const world = new World();
  world.sendAll([
    ev.create('LOGIN_PUBLIC', 'ch', 'alice'),
    ev.user('uploaderUploading', 'ch', 'alice'),
    ev.user('userOnline', 'ch', 'v1'),
    ev.user('userOnline', 'ch', 'v2'),
    ev.playing('ch', 'v1', 100),
    ev.playing('ch', 'v2', 200),
  ]);
  world.advance(30);
  return world;
}

describe('a user closes or deletes a channel', () => {
  it('CLOSE by the creator closes it, ends the uploader and every viewer, and records who asked', () => {
    const world = busyChannel();
    const decision = expectAllow(world.send(ev.user('closeChannel', 'ch', 'alice')));
    expect(decision.reason).toContain('user:alice');
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'closed', closedBy: 'user:alice', closedAt: world.now, bytes: 300 });
    expect(world.channel('ch').liveSince).toBeUndefined();
    expect(world.isUploading('ch', 'alice')).toBe(false);
    expect(world.viewers('ch')).toBe(0);
    expect(world.display('ch')).toBe('closed');
    expectConsistent(world.state);
  });

  it('DELETE by the creator keeps a tombstone with its bytes and ends everyone', () => {
    const world = busyChannel();
    expectAllow(world.send(ev.user('deleteChannel', 'ch', 'alice')));
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'deleted', closedBy: 'user:alice', deletedAt: world.now, bytes: 300 });
    expect(world.viewers('ch')).toBe(0);
    expect(world.isUploading('ch', 'alice')).toBe(false);
    expect(world.display('ch')).toBe('deleted');
  });

  it.each(['closeChannel', 'deleteChannel'] as const)('%s by another user is refused, naming him and the creator, and changes nothing', (kind) => {
    const world = busyChannel();
    const denied = expectDeny(world.send(ev.user(kind, 'ch', 'mallory')), 'notCreator', 'mallory', 'alice', 'ch');
    expect(denied.changes).toEqual([]);
    expect(world.channel('ch').lifecycle).toBe('open');
    expect(world.viewers('ch')).toBe(2);
    expect(world.isUploading('ch', 'alice')).toBe(true);
  });

  it('DELETE after CLOSE turns the closed channel into a tombstone', () => {
    const world = busyChannel();
    world.send(ev.user('closeChannel', 'ch', 'alice'));
    expectAllow(world.send(ev.user('deleteChannel', 'ch', 'alice')));
    expect(world.channel('ch').lifecycle).toBe('deleted');
  });

  it('a repeated CLOSE or DELETE is answered "1" with no change (idempotent)', () => {
    const world = busyChannel();
    world.send(ev.user('closeChannel', 'ch', 'alice'));
    expect(expectAllow(world.send(ev.user('closeChannel', 'ch', 'alice'))).changes).toEqual([]);
    world.send(ev.user('deleteChannel', 'ch', 'alice'));
    expect(expectAllow(world.send(ev.user('deleteChannel', 'ch', 'alice'))).changes).toEqual([]);
    expect(expectAllow(world.send(ev.user('closeChannel', 'ch', 'alice'))).changes).toEqual([]);
    expect(world.channel('ch').lifecycle).toBe('deleted');
  });

  it('the creator closing a channel the operator is closing completes the close at once', () => {
    const world = busyChannel();
    world.operate({ kind: 'close', channelId: 'ch' });
    expect(world.channel('ch').lifecycle).toBe('closing');
    world.send(ev.user('closeChannel', 'ch', 'alice'));
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'closed', closedBy: 'user:alice' });
    expect(world.isUploading('ch', 'alice')).toBe(false);
  });

  it('a close of a channel we never saw is answered "1" and adopts nothing', () => {
    const world = new World();
    expectAllow(world.send(ev.user('closeChannel', 'nope', 'alice')));
    expectAllow(world.send(ev.user('deleteChannel', 'nope', 'alice')));
    expect(world.state.channels.size).toBe(0);
  });
});

describe('the live proxy closes or deletes a pulled channel', () => {
  function pulled(): World {
    const world = new World();
    world.sendAll([ev.create('LIVEPROXY', 'px', undefined, { capacity: 10 }), ev.proxy('proxyApplyUpload', 'px'), ev.user('userOnline', 'px', 'v1')]);
    return world;
  }

  it('LIVEPROXY_CLOSE closes the channel, records the proxy and ends the viewers', () => {
    const world = pulled();
    expect(world.display('px')).toBe('live');
    expect(expectAllow(world.send(ev.proxy('proxyCloseChannel', 'px'))).reason).toContain('proxy');
    expect(world.channel('px')).toMatchObject({ lifecycle: 'closed', closedBy: 'proxy' });
    expect(world.channel('px').liveSince).toBeUndefined();
    expect(world.viewers('px')).toBe(0);
    expect(world.display('px')).toBe('closed');
  });

  it('LIVEPROXY_DELETE leaves a tombstone', () => {
    const world = pulled();
    expectAllow(world.send(ev.proxy('proxyDeleteChannel', 'px')));
    expect(world.channel('px')).toMatchObject({ lifecycle: 'deleted', closedBy: 'proxy', deletedAt: world.now });
    expect(world.display('px')).toBe('deleted');
  });

  it('a pulled channel has no creator, so the proxy close needs none', () => {
    const world = pulled();
    world.send(ev.proxy('proxyCloseChannel', 'px'));
    expect(expectAllow(world.send(ev.proxy('proxyCloseChannel', 'px'))).changes).toEqual([]);
  });
});
