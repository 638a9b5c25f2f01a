import { describe, expect, it } from 'vitest';
import { capacityReply, ev, expectAllow, expectDeny, World } from './domain-helpers';

const NON_GLOBAL = ['LOGIN_PUBLIC', 'GROUP_PUBLIC', 'BROADCAST'] as const;

describe('APPLY_UPLOAD', () => {
  it('lets any logged-in user upload to a GLOBAL_PUBLIC channel and replies with its capacity, no groupId', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice', { capacity: 80 }));
    const reply = capacityReply(world.send(ev.user('applyUpload', 'g', 'stranger')));
    expect(reply).toEqual({ kind: 'capacity', capacity: 80 });
    expect(world.isUploading('g', 'stranger')).toBe(true);
  });

  it.each(NON_GLOBAL)('on %s lets the creator upload and refuses anyone not granted, naming user and channel', (type) => {
    const world = new World();
    world.send(ev.create(type, 'c', 'alice', { capacity: 9, groupId: '77' }));
    capacityReply(world.send(ev.user('applyUpload', 'c', 'alice')));
    const denied = expectDeny(world.send(ev.user('applyUpload', 'c', 'bob')), 'notAllowedToUpload', 'bob', 'c');
    expect(denied.changes).toEqual([]);
    expect(world.isUploading('c', 'bob')).toBe(false);
  });

  it.each(NON_GLOBAL)('on %s lets a user granted by SET upload, and refuses him again after UNSET', (type) => {
    const world = new World();
    world.send(ev.create(type, 'c', 'alice', { groupId: '77' }));
    expectAllow(world.send(ev.user('setUploader', 'c', 'bob')));
    expect(world.channel('c').grantedUploaders).toEqual(['bob']);
    capacityReply(world.send(ev.user('applyUpload', 'c', 'bob')));
    expectAllow(world.send(ev.user('unsetUploader', 'c', 'bob')));
    expect(world.channel('c').grantedUploaders).toEqual([]);
    expectDeny(world.send(ev.user('applyUpload', 'c', 'bob')), 'notAllowedToUpload', 'bob');
  });

  it('grants are per user: granting bob does not let carol upload', () => {
    const world = new World();
    world.send(ev.create('LOGIN_PUBLIC', 'c', 'alice'));
    world.send(ev.user('setUploader', 'c', 'bob'));
    world.send(ev.user('setUploader', 'c', 'bob'));
    expect(world.channel('c').grantedUploaders).toEqual(['bob']);
    expectDeny(world.send(ev.user('applyUpload', 'c', 'carol')), 'notAllowedToUpload', 'carol');
  });

  it('replies with the groupId on group channels only', () => {
    const world = new World();
    world.send(ev.create('GROUP_PUBLIC', 'gp', 'alice', { groupId: '1001', capacity: 4 }));
    world.send(ev.create('GROUP_SPECIFY', 'gs', 'alice', { groupId: '1002', specify: ['bob'] }));
    world.send(ev.create('LOGIN_PUBLIC', 'lp', 'alice', { groupId: '1003' }));
    expect(capacityReply(world.send(ev.user('applyUpload', 'gp', 'alice')))).toEqual({ kind: 'capacity', capacity: 4, groupId: '1001' });
    expect(capacityReply(world.send(ev.user('applyUpload', 'gs', 'alice')))).toEqual({ kind: 'capacity', capacity: 0, groupId: '1002' });
    expect(capacityReply(world.send(ev.user('applyUpload', 'lp', 'alice')))).toEqual({ kind: 'capacity', capacity: 0 });
  });

  it.each(['LOGIN_SPECIFY', 'GROUP_SPECIFY'] as const)('on %s refuses a user off the list even when granted', (type) => {
    const world = new World();
    world.send(ev.create(type, 's', 'alice', { specify: ['bob'], groupId: '5' }));
    world.send(ev.user('setUploader', 's', 'mallory'));
    expectDeny(world.send(ev.user('applyUpload', 's', 'mallory')), 'notOnSpecifyList', 'mallory', 's');
    world.send(ev.user('setUploader', 's', 'bob'));
    capacityReply(world.send(ev.user('applyUpload', 's', 'bob')));
    capacityReply(world.send(ev.user('applyUpload', 's', 'alice')));
  });

  it('refuses an upload to a closed or deleted channel, saying who closed it', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'closed', 'alice'));
    world.send(ev.create('GLOBAL_PUBLIC', 'gone', 'alice'));
    world.send(ev.user('closeChannel', 'closed', 'alice'));
    world.operate({ kind: 'delete', channelId: 'gone' });
    expectDeny(world.send(ev.user('applyUpload', 'closed', 'alice')), 'channelNotOpen', 'closed', 'user:alice');
    expectDeny(world.send(ev.user('applyUpload', 'gone', 'alice')), 'channelNotOpen', 'gone', 'deleted', 'operator');
  });

  it('refuses a banned user, with the ban reason', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.operate({ kind: 'ban', userId: 'alice', durationSeconds: null, reason: 'spam' });
    expectDeny(world.send(ev.user('applyUpload', 'g', 'alice')), 'userBanned', 'alice', 'spam');
  });

  it('refuses SET on a deleted channel', () => {
    const world = new World();
    world.send(ev.create('LOGIN_PUBLIC', 'c', 'alice'));
    world.send(ev.user('deleteChannel', 'c', 'alice'));
    expectDeny(world.send(ev.user('setUploader', 'c', 'bob')), 'channelNotOpen', 'c');
  });
});

describe('LIVEPROXY apply-upload', () => {
  it('needs no user, replies with the capacity and shows the channel live', () => {
    const world = new World();
    world.send(ev.create('LIVEPROXY', 'px', undefined, { capacity: 100 }));
    expect(capacityReply(world.send(ev.proxy('proxyApplyUpload', 'px')))).toEqual({ kind: 'capacity', capacity: 100 });
    expect(world.display('px')).toBe('live');
  });

  it('is refused once the channel is closed', () => {
    const world = new World();
    world.send(ev.create('LIVEPROXY', 'px', undefined));
    world.send(ev.proxy('proxyCloseChannel', 'px'));
    expectDeny(world.send(ev.proxy('proxyApplyUpload', 'px')), 'channelNotOpen', 'px');
  });
});

describe('UPLOADER_UPLOADING', () => {
  it('marks the uploader and the channel live and counts a minute uploaded', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    expect(world.display('g')).toBe('idle');
    expectAllow(world.send(ev.user('uploaderUploading', 'g', 'alice')));
    world.advance(60);
    expectAllow(world.send(ev.user('uploaderUploading', 'g', 'alice')));
    expect(world.display('g')).toBe('live');
    const uploader = world.state.uploaders.get('g')?.get('alice');
    expect(uploader).toMatchObject({ reports: 2, lastReportAt: world.now });
    expect(world.state.users.get('alice')?.minutesUploaded).toBe(2);
  });

  it.each(['closeChannel', 'deleteChannel'] as const)('after a user %s answers "0" and the uploader is gone', (kind) => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'bob'));
    world.send(ev.user(kind, 'g', 'alice'));
    expectDeny(world.send(ev.user('uploaderUploading', 'g', 'bob')), 'channelNotOpen', 'g', 'bob');
    expect(world.isUploading('g', 'bob')).toBe(false);
  });

  it('on a channel the operator is closing answers "0", ends the uploader, and the channel becomes closed', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'alice'));
    world.operate({ kind: 'close', channelId: 'g' });
    expect(world.display('g')).toBe('closing');
    world.advance(60);
    const denied = expectDeny(world.send(ev.user('uploaderUploading', 'g', 'alice')), 'channelNotOpen', 'g', 'closing', 'alice');
    expect(denied.reason).toContain('operator');
    expect(world.isUploading('g', 'alice')).toBe(false);
    expect(world.channel('g')).toMatchObject({ lifecycle: 'closed', closedAt: world.now, closedBy: 'operator' });
    expect(world.display('g')).toBe('closed');
  });

  it('stays "closing" while a second uploader is still live', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'bob'));
    world.operate({ kind: 'close', channelId: 'g' });
    world.send(ev.user('uploaderUploading', 'g', 'alice'));
    expect(world.channel('g').lifecycle).toBe('closing');
    world.send(ev.user('uploaderUploading', 'g', 'bob'));
    expect(world.channel('g').lifecycle).toBe('closed');
  });

  it('answers "0" to an uploader whose right was revoked by UNSET, and ends him', () => {
    const world = new World();
    world.send(ev.create('LOGIN_PUBLIC', 'c', 'alice'));
    world.send(ev.user('setUploader', 'c', 'bob'));
    world.send(ev.user('applyUpload', 'c', 'bob'));
    expectAllow(world.send(ev.user('uploaderUploading', 'c', 'bob')));
    world.send(ev.user('unsetUploader', 'c', 'bob'));
    expectDeny(world.send(ev.user('uploaderUploading', 'c', 'bob')), 'uploadRevoked', 'bob', 'c');
    expect(world.isUploading('c', 'bob')).toBe(false);
  });

  it('answers "0" to a banned uploader and ends him; the channel stays open', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'alice'));
    world.operate({ kind: 'ban', userId: 'alice', durationSeconds: 600, reason: 'abuse' });
    expectDeny(world.send(ev.user('uploaderUploading', 'g', 'alice')), 'userBanned', 'alice', 'abuse');
    expect(world.isUploading('g', 'alice')).toBe(false);
    expect(world.channel('g').lifecycle).toBe('open');
    expect(world.display('g')).toBe('idle');
  });
});

describe('UPLOADER_DISCONNECT', () => {
  it('ends the uploader; the channel goes back to idle, not stale', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'alice'));
    expectAllow(world.send(ev.user('uploaderDisconnect', 'g', 'alice')));
    expect(world.isUploading('g', 'alice')).toBe(false);
    expect(world.display('g')).toBe('idle');
  });

  it('of the last uploader completes a close the operator asked for', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    world.send(ev.user('uploaderUploading', 'g', 'alice'));
    world.operate({ kind: 'close', channelId: 'g' });
    world.advance(20);
    world.send(ev.user('uploaderDisconnect', 'g', 'alice'));
    expect(world.channel('g')).toMatchObject({ lifecycle: 'closed', closedAt: world.now });
  });

  it('is answered "1" with nothing to change for an uploader we did not see', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'g', 'alice'));
    expect(expectAllow(world.send(ev.user('uploaderDisconnect', 'g', 'ghost'))).changes).toEqual([]);
  });
});
