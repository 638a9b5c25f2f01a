import { describe, expect, it } from 'vitest';
import { ev, expectAllow, expectConsistent, World } from './domain-helpers';

function liveChannel(settings: { graceSeconds?: number } = {}): World {
  const world = new World(settings);
  world.sendAll([
    ev.create('GLOBAL_PUBLIC', 'ch', 'host'),
    ev.user('uploaderUploading', 'ch', 'host'),
    ev.user('userOnline', 'ch', 'v1'),
    ev.playing('ch', 'v1', 1000),
  ]);
  return world;
}

describe('aging out silent participants', () => {
  it('keeps everyone reporting within the grace (default 150 s, boundary included)', () => {
    const world = liveChannel();
    world.advance(150);
    expect(world.age()).toEqual([]);
    expect(world.viewers('ch')).toBe(1);
    expect(world.display('ch')).toBe('live');
  });

  it('ends uploaders and sessions silent longer than the grace, marked "aged"; the channel shows stale', () => {
    const world = liveChannel();
    world.advance(151);
    const changes = world.age();
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ op: 'uploaderEnd', channelId: 'ch', userId: 'host', why: 'aged' }),
        expect.objectContaining({ op: 'viewerEnd', channelId: 'ch', userId: 'v1', why: 'aged', bytes: 0 }),
      ]),
    );
    expect(world.viewers('ch')).toBe(0);
    expect(world.isUploading('ch', 'host')).toBe(false);
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'open', staleSince: world.now, bytes: 1000 });
    expect(world.display('ch')).toBe('stale');
    expect(world.state.totals.bytes).toBe(1000);
    expectConsistent(world.state);
  });

  it('ages only the silent ones: a viewer who keeps reporting stays', () => {
    const world = liveChannel();
    world.send(ev.user('userOnline', 'ch', 'v2'));
    world.advance(100);
    world.send(ev.playing('ch', 'v2', 10));
    world.send(ev.user('uploaderUploading', 'ch', 'host'));
    world.advance(100);
    world.age();
    expect(world.session('ch', 'v1')).toBeUndefined();
    expect(world.session('ch', 'v2')).toBeDefined();
    expect(world.display('ch')).toBe('live');
  });

  it('honours a configured grace', () => {
    const world = liveChannel({ graceSeconds: 30 });
    world.advance(31);
    world.age();
    expect(world.viewers('ch')).toBe(0);
    expect(world.display('ch')).toBe('stale');
  });

  it('a stale channel is live again at its next uploader report', () => {
    const world = liveChannel();
    world.advance(200).age();
    expectAllow(world.send(ev.user('uploaderUploading', 'ch', 'host')));
    expect(world.channel('ch').staleSince).toBeUndefined();
    expect(world.display('ch')).toBe('live');
  });

  it('a closing channel whose uploader stopped reporting becomes closed', () => {
    const world = liveChannel();
    world.operate({ kind: 'close', channelId: 'ch' });
    world.advance(151).age();
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'closed', closedAt: world.now });
    expect(world.channel('ch').staleSince).toBeUndefined();
    expect(world.display('ch')).toBe('closed');
  });

  it('a closing pulled channel becomes closed once the proxy has been silent longer than the grace', () => {
    const world = new World();
    world.sendAll([ev.create('LIVEPROXY', 'px', undefined), ev.proxy('proxyApplyUpload', 'px')]);
    world.operate({ kind: 'close', channelId: 'px' });
    world.advance(100).age();
    expect(world.channel('px').lifecycle).toBe('closing');
    world.advance(100).age();
    expect(world.channel('px').lifecycle).toBe('closed');
    expect(world.display('px')).toBe('closed');
  });

  it('a viewer aged out and coming back starts a new session', () => {
    const world = liveChannel();
    world.advance(200).age();
    world.send(ev.playing('ch', 'v1', 5));
    expect(world.session('ch', 'v1')).toMatchObject({ bytes: 5, since: world.now });
    expect(world.state.totals.sessionsStarted).toBe(2);
    expect(world.userBytes('v1')).toBe(1005);
  });
});

describe('display state', () => {
  it('idle -> live -> idle (DISCONNECT) -> live -> stale (aged) -> closing -> closed -> open -> deleted', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'ch', 'host'));
    const seen = [world.display('ch')];
    world.send(ev.user('uploaderUploading', 'ch', 'host'));
    seen.push(world.display('ch'));
    world.send(ev.user('uploaderDisconnect', 'ch', 'host'));
    seen.push(world.display('ch'));
    world.send(ev.user('uploaderUploading', 'ch', 'host'));
    seen.push(world.display('ch'));
    world.advance(151).age();
    seen.push(world.display('ch'));
    world.send(ev.user('uploaderUploading', 'ch', 'host'));
    world.operate({ kind: 'close', channelId: 'ch' });
    seen.push(world.display('ch'));
    world.send(ev.user('uploaderUploading', 'ch', 'host'));
    seen.push(world.display('ch'));
    world.operate({ kind: 'reopen', channelId: 'ch' });
    seen.push(world.display('ch'));
    world.operate({ kind: 'delete', channelId: 'ch' });
    seen.push(world.display('ch'));
    expect(seen).toEqual(['idle', 'live', 'idle', 'live', 'stale', 'closing', 'closed', 'idle', 'deleted']);
  });

  it('an adopted channel shows "adopted" when no one uploads, "live" when someone does', () => {
    const world = new World();
    world.send(ev.user('userOnline', 'mystery', 'v1'));
    expect(world.display('mystery')).toBe('adopted');
    world.send(ev.user('uploaderUploading', 'mystery', 'u1'));
    expect(world.display('mystery')).toBe('live');
  });
});

describe('pulled channels', () => {
  it('a LIVEPROXY channel whose traffic stopped goes stale after the grace, and live again at its next pull', () => {
    const world = new World({ graceSeconds: 150 });
    world.send(ev.create('LIVEPROXY', 'px', undefined));
    world.send(ev.proxy('proxyApplyUpload', 'px'));
    world.send(ev.user('userOnline', 'px', 'v1'));
    expect(world.display('px')).toBe('live');
    world.advance(100).age();
    world.send(ev.playing('px', 'v1', 10, 1));
    world.advance(100).age();
    expect(world.display('px')).toBe('live');
    world.advance(200).age();
    expect(world.display('px')).toBe('stale');
    world.send(ev.proxy('proxyApplyUpload', 'px'));
    expect(world.display('px')).toBe('live');
  });
});
