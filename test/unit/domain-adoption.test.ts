import { describe, expect, it } from 'vitest';
import type { AecEvent } from '../../server/domain';
import { ev, expectAllow, expectConsistent, expectDeny, T0, World } from './domain-helpers';

/** Every event that needs the channel to exist, for a channel created while we were down. */
const STRAY: ReadonlyArray<[string, AecEvent]> = [
  ['APPLY_UPLOAD', ev.user('applyUpload', 'stray', 'u1')],
  ['SET_CHANNEL_UPLOADER', ev.user('setUploader', 'stray', 'u1')],
  ['UPLOADER_UPLOADING', ev.user('uploaderUploading', 'stray', 'u1')],
  ['USER_ONLINE', ev.user('userOnline', 'stray', 'v1')],
  ['APPLY_DOWNLOAD', ev.user('applyDownload', 'stray', 'v1')],
  ['USER_PLAYING', ev.playing('stray', 'v1', 10)],
  ['LIVEPROXY_APPLY_UPLOAD', ev.proxy('proxyApplyUpload', 'stray')],
];

describe('adoption on (the default)', () => {
  it.each(STRAY)('%s for a channel we never saw adopts it, flagged, type unknown, and is allowed', (_name, event) => {
    const world = new World();
    expectAllow(world.send(event));
    expect(world.channel('stray')).toMatchObject({ type: 'unknown', adopted: true, lifecycle: 'open', createdAt: T0, capacity: 0 });
    expect(world.channel('stray').creator).toBeUndefined();
  });

  it('decides an adopted channel as GLOBAL_PUBLIC: any user may upload, anyone may watch, no limit', () => {
    const world = new World();
    world.send(ev.user('userOnline', 'stray', 'v1'));
    const reply = expectAllow(world.send(ev.user('applyUpload', 'stray', 'anybody'))).reply;
    expect(reply).toEqual({ kind: 'capacity', capacity: 0 });
    expectAllow(world.send(ev.user('uploaderUploading', 'stray', 'someone-else')));
    for (let i = 0; i < 20; i++) expectAllow(world.send(ev.user('userOnline', 'stray', `w${i}`)));
    expect(world.viewers('stray')).toBe(21);
    expect(world.state.channels.size).toBe(1);
  });

  it('counts the traffic of an adopted channel like any other', () => {
    const world = new World();
    world.sendAll([ev.playing('stray', 'v1', 100), ev.playing('stray', 'v1', 200), ev.offline('stray', 'v1', 50)]);
    expect(world.channel('stray').bytes).toBe(350);
    expect(world.userBytes('v1')).toBe(350);
    expectConsistent(world.state);
  });

  it('an operator ban still applies on an adopted channel, and the channel is adopted all the same', () => {
    const world = new World();
    world.operate({ kind: 'ban', userId: 'v1', durationSeconds: null, reason: 'spam' });
    expectDeny(world.send(ev.user('userOnline', 'stray', 'v1')), 'userBanned', 'v1');
    expect(world.channel('stray').adopted).toBe(true);
  });

  it('a user of an adopted channel (creator unknown) may close it', () => {
    const world = new World();
    world.send(ev.user('uploaderUploading', 'stray', 'u1'));
    expectAllow(world.send(ev.user('closeChannel', 'stray', 'u1')));
    expect(world.channel('stray')).toMatchObject({ lifecycle: 'closed', closedBy: 'user:u1' });
  });

  it('USER_OFFLINE for a channel we never saw adopts it and counts the bytes', () => {
    const world = new World();
    expectAllow(world.send(ev.offline('stray', 'v1', 70)));
    expect(world.channel('stray')).toMatchObject({ adopted: true, bytes: 70 });
  });
});

describe('adoption off', () => {
  it.each(STRAY)('%s for a channel we never saw is answered "0" channelNotFound, naming it, and changes nothing', (_name, event) => {
    const world = new World({ adoptUnknownChannels: false });
    const denied = expectDeny(world.send(event), 'channelNotFound', 'stray');
    expect(denied.changes).toEqual([]);
    expect(world.state.channels.size).toBe(0);
    expect(world.state.sessions.size).toBe(0);
    expect(world.state.totals.bytes).toBe(0);
  });

  it('notifications (OFFLINE, DISCONNECT, CLOSE, DELETE) are still answered "1" with nothing to change', () => {
    const world = new World({ adoptUnknownChannels: false });
    const events = [
      ev.offline('stray', 'v1', 10),
      ev.user('uploaderDisconnect', 'stray', 'u1'),
      ev.user('closeChannel', 'stray', 'u1'),
      ev.user('deleteChannel', 'stray', 'u1'),
      ev.proxy('proxyCloseChannel', 'stray'),
      ev.proxy('proxyDeleteChannel', 'stray'),
    ];
    for (const event of events) expect(expectAllow(world.send(event)).changes).toEqual([]);
    expect(world.state.channels.size).toBe(0);
    expectConsistent(world.state);
  });

  it('channels that were created are decided as usual', () => {
    const world = new World({ adoptUnknownChannels: false });
    world.send(ev.create('GLOBAL_PUBLIC', 'known', 'host'));
    expectAllow(world.send(ev.user('userOnline', 'known', 'v1')));
  });
});
