import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../server/protocol';
import type { AecEvent } from '../../server/domain';
import { ev, expectAllow, expectConsistent, expectDeny, T0, World } from './domain-helpers';

const JOINS = ['userOnline', 'applyDownload'] as const;

function openChannel(capacity = 0): World {
  const world = new World();
  world.send(ev.create('GLOBAL_PUBLIC', 'ch', 'host', { capacity }));
  return world;
}

function wire(data: Record<string, string>): AecEvent {
  const result = parseEvent(JSON.stringify(data));
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe.each(JOINS)('%s', (join) => {
  it('starts a viewer session on an open channel', () => {
    const world = openChannel();
    expect(expectAllow(world.send(ev.user(join, 'ch', 'v1'))).reason).toContain('v1');
    expect(world.viewers('ch')).toBe(1);
    expect(world.session('ch', 'v1')).toMatchObject({ since: T0, bytes: 0, reports: 0, kicked: false });
    expect(world.state.totals.sessionsStarted).toBe(1);
  });

  it('refuses when the channel is closed or deleted, naming it', () => {
    const world = openChannel();
    world.send(ev.create('GLOBAL_PUBLIC', 'del', 'host'));
    world.send(ev.user('closeChannel', 'ch', 'host'));
    world.send(ev.user('deleteChannel', 'del', 'host'));
    expectDeny(world.send(ev.user(join, 'ch', 'v1')), 'channelNotOpen', 'ch', 'closed', 'v1');
    expectDeny(world.send(ev.user(join, 'del', 'v1')), 'channelNotOpen', 'del', 'deleted');
    expect(world.viewers('ch') + world.viewers('del')).toBe(0);
  });

  it('refuses while the operator is closing the channel', () => {
    const world = openChannel();
    world.send(ev.user('uploaderUploading', 'ch', 'host'));
    world.operate({ kind: 'close', channelId: 'ch' });
    expectDeny(world.send(ev.user(join, 'ch', 'v1')), 'channelNotOpen', 'closing');
  });

  it('refuses a banned viewer with the reason, and admits him once the ban expires', () => {
    const world = openChannel();
    world.operate({ kind: 'ban', userId: 'v1', durationSeconds: 60, reason: 'no balance' });
    expectDeny(world.send(ev.user(join, 'ch', 'v1')), 'userBanned', 'v1', 'no balance');
    world.advance(61);
    expectAllow(world.send(ev.user(join, 'ch', 'v1')));
  });

  it('refuses a new viewer when the capacity is reached, but lets one already watching rejoin', () => {
    const world = openChannel(2);
    world.sendAll([ev.user(join, 'ch', 'v1'), ev.user(join, 'ch', 'v2')]);
    expectDeny(world.send(ev.user(join, 'ch', 'v3')), 'channelFull', 'ch', '2');
    expect(expectAllow(world.send(ev.user(join, 'ch', 'v1'))).reason).toContain('rejoined');
    expect(world.viewers('ch')).toBe(2);
    expect(world.state.totals.sessionsStarted).toBe(2);
    world.send(ev.offline('ch', 'v2', 0));
    expectAllow(world.send(ev.user(join, 'ch', 'v3')));
  });

  it('has no limit at capacity 0', () => {
    const world = openChannel(0);
    for (let i = 0; i < 50; i++) expectAllow(world.send(ev.user(join, 'ch', `v${i}`)));
    expect(world.viewers('ch')).toBe(50);
  });
});

describe('SPECIFY channels', () => {
  it.each(['LOGIN_SPECIFY', 'GROUP_SPECIFY'] as const)('%s admits only listed viewers and the creator', (type) => {
    const world = new World();
    world.send(ev.create(type, 's', 'host', { specify: ['ann', 'ben'], groupId: '9' }));
    expectAllow(world.send(ev.user('userOnline', 's', 'ann')));
    expectAllow(world.send(ev.user('applyDownload', 's', 'host')));
    expectDeny(world.send(ev.user('userOnline', 's', 'eve')), 'notOnSpecifyList', 'eve', 's');
    expectDeny(world.send(ev.user('applyDownload', 's', 'eve')), 'notOnSpecifyList', 'eve');
    expect(world.viewers('s')).toBe(2);
  });

  it('parses the specify list from the wire (comma list) and decides on it', () => {
    const world = new World();
    world.send(
      wire({ action: 'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY', userId: 'host', roomId: 'r', channelId: 'Wz@s_1-x', conCurrentNumber: '10', specify: 'ann, ben' }),
    );
    expectAllow(world.send(wire({ action: 'AEC_LIVE_USER_ONLINE', userId: 'ben', channelId: 'Wz@s_1-x', time: '1561699571' })));
    expectDeny(world.send(wire({ action: 'AEC_LIVE_USER_ONLINE', userId: 'eve', channelId: 'Wz@s_1-x', time: '1561699571' })), 'notOnSpecifyList');
  });

  it('a PLAYING from a viewer off the list is answered "0" and still counts his bytes', () => {
    const world = new World();
    world.send(ev.create('LOGIN_SPECIFY', 's', 'host', { specify: ['ann'] }));
    expectDeny(world.send(ev.playing('s', 'eve', 300)), 'notOnSpecifyList', 'eve');
    expect(world.viewers('s')).toBe(0);
    expect(world.channel('s').bytes).toBe(300);
    expectConsistent(world.state);
  });
});

describe('USER_PLAYING', () => {
  it('adds the discharge to the session, the channel, the user and the totals', () => {
    const world = openChannel();
    world.send(ev.user('userOnline', 'ch', 'v1'));
    world.advance(60);
    expectAllow(world.send(ev.playing('ch', 'v1', 1000, 1)));
    world.advance(60);
    expectAllow(world.send(ev.playing('ch', 'v1', 2500, 2)));
    expect(world.session('ch', 'v1')).toMatchObject({ bytes: 3500, reports: 2, lastReportAt: world.now, lastReportTs: 2 });
    expect(world.channel('ch').bytes).toBe(3500);
    expect(world.state.users.get('v1')).toMatchObject({ bytesWatched: 3500, minutesWatched: 2 });
    expect(world.state.totals.bytes).toBe(3500);
  });

  it('counts real wire payloads (discharge as a string)', () => {
    const world = openChannel();
    const playing = { action: 'AEC_LIVE_USER_PLAYING', userId: '577175', channelId: 'ch', time: '1561699571', discharge: '123456', ts: '1561699571' };
    expectAllow(world.send(wire(playing)));
    expect(world.userBytes('577175')).toBe(123456);
  });

  it('starts a session when its ONLINE was lost', () => {
    const world = openChannel();
    const decision = expectAllow(world.send(ev.playing('ch', 'v9', 700)));
    expect(decision.reason).toContain('ONLINE');
    expect(world.session('ch', 'v9')).toMatchObject({ bytes: 700, reports: 1 });
    expect(world.state.totals.sessionsStarted).toBe(1);
  });

  it('does not count a duplicate report with the same ts twice', () => {
    const world = openChannel();
    world.send(ev.playing('ch', 'v1', 1000, 1561699571));
    const duplicate = expectAllow(world.send(ev.playing('ch', 'v1', 1000, 1561699571)));
    expect(duplicate.reason).toContain('duplicate');
    expect(world.session('ch', 'v1')?.bytes).toBe(1000);
    expect(world.channel('ch').bytes).toBe(1000);
    expect(world.state.totals.bytes).toBe(1000);
    world.send(ev.playing('ch', 'v1', 1000, 1561699631));
    expect(world.state.totals.bytes).toBe(2000);
  });

  it('counts every report without a ts', () => {
    const world = openChannel();
    world.sendAll([ev.playing('ch', 'v1', 10), ev.playing('ch', 'v1', 10)]);
    expect(world.session('ch', 'v1')?.bytes).toBe(20);
  });

  it.each([
    ['closed', (w: World) => w.send(ev.user('closeChannel', 'ch', 'host')), 'closed'],
    ['deleted', (w: World) => w.operate({ kind: 'delete', channelId: 'ch' }), 'deleted'],
    ['closing', (w: World) => { w.send(ev.user('uploaderUploading', 'ch', 'host')); w.operate({ kind: 'close', channelId: 'ch' }); }, 'closing'],
  ] as const)('on a %s channel answers "0", ends the session and still counts the bytes', (_name, end, word) => {
    const world = openChannel();
    world.sendAll([ev.user('userOnline', 'ch', 'v1'), ev.playing('ch', 'v1', 100)]);
    end(world);
    world.advance(60);
    expectDeny(world.send(ev.playing('ch', 'v1', 400)), 'channelNotOpen', 'ch', word, 'v1');
    expect(world.session('ch', 'v1')).toBeUndefined();
    expect(world.channel('ch').bytes).toBe(500);
    expect(world.userBytes('v1')).toBe(500);
    expect(world.state.totals.bytes).toBe(500);
  });

  it('answers "0" to a banned viewer, ends him and counts his bytes', () => {
    const world = openChannel();
    world.sendAll([ev.user('userOnline', 'ch', 'v1'), ev.playing('ch', 'v1', 100)]);
    world.operate({ kind: 'ban', userId: 'v1', durationSeconds: null, reason: 'fraud' });
    expectDeny(world.send(ev.playing('ch', 'v1', 50)), 'userBanned', 'v1', 'fraud');
    expect(world.viewers('ch')).toBe(0);
    expect(world.userBytes('v1')).toBe(150);
  });

  it('answers "0" to a kicked viewer at his next report, counts the bytes, and only him', () => {
    const world = openChannel();
    world.sendAll([ev.user('userOnline', 'ch', 'v1'), ev.user('userOnline', 'ch', 'v2')]);
    expect(world.operate({ kind: 'kick', channelId: 'ch', userId: 'v1' }).ok).toBe(true);
    expect(world.session('ch', 'v1')?.kicked).toBe(true);
    expectDeny(world.send(ev.playing('ch', 'v1', 80)), 'viewerKicked', 'v1', 'ch');
    expectAllow(world.send(ev.playing('ch', 'v2', 80)));
    expect(world.viewers('ch')).toBe(1);
    expect(world.channel('ch').bytes).toBe(160);
  });
});

describe('USER_OFFLINE', () => {
  it('ends the session and adds its final discharge', () => {
    const world = openChannel();
    world.sendAll([ev.user('userOnline', 'ch', 'v1'), ev.playing('ch', 'v1', 1000)]);
    expectAllow(world.send(ev.offline('ch', 'v1', 234)));
    expect(world.viewers('ch')).toBe(0);
    expect(world.channel('ch').bytes).toBe(1234);
    expect(world.userBytes('v1')).toBe(1234);
    expect(world.state.totals.bytes).toBe(1234);
  });

  it('still counts the bytes of a viewer whose session we never saw', () => {
    const world = openChannel();
    expect(expectAllow(world.send(ev.offline('ch', 'v1', 99))).reason).toContain('no open session');
    expect(world.channel('ch').bytes).toBe(99);
    expectConsistent(world.state);
  });

  it('is counted after a close ended the session (bytes since the last report)', () => {
    const world = openChannel();
    world.sendAll([ev.user('userOnline', 'ch', 'v1'), ev.user('closeChannel', 'ch', 'host'), ev.offline('ch', 'v1', 40)]);
    expect(world.channel('ch').bytes).toBe(40);
  });
});
