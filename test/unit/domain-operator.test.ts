import { describe, expect, it } from 'vitest';
import type { OperatorOutcome } from '../../server/domain';
import { ev, expectAllow, expectConsistent, expectDeny, World } from './domain-helpers';

function succeeded(outcome: OperatorOutcome): Extract<OperatorOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.failure}: ${outcome.message}`);
  return outcome;
}

function failed(outcome: OperatorOutcome, failure: 'not_found' | 'conflict' | 'bad_request'): string {
  if (outcome.ok) throw new Error(`expected ${failure}, got success: ${outcome.message}`);
  expect(outcome.failure).toBe(failure);
  return outcome.message;
}

function channelWith(options: { uploading?: boolean; viewers?: string[] } = {}): World {
  const world = new World();
  world.send(ev.create('GLOBAL_PUBLIC', 'ch', 'host', { capacity: 10 }));
  if (options.uploading) world.send(ev.user('uploaderUploading', 'ch', 'host'));
  for (const viewer of options.viewers ?? []) world.sendAll([ev.user('userOnline', 'ch', viewer), ev.playing('ch', viewer, 100)]);
  return world;
}

describe('operator close', () => {
  it('with an uploader live: the channel is "closing" and the message says it takes up to a minute', () => {
    const world = channelWith({ uploading: true, viewers: ['v1'] });
    const outcome = succeeded(world.operate({ kind: 'close', channelId: 'ch' }));
    expect(outcome.message).toContain('minute');
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'closing', closedBy: 'operator', closeRequestedAt: world.now });
    expect(world.display('ch')).toBe('closing');
    // Nothing is pushed to the media server: viewers are refused at their next report.
    expect(world.viewers('ch')).toBe(1);
    expectDeny(world.send(ev.user('applyUpload', 'ch', 'host')), 'channelNotOpen', 'closing');
    expectDeny(world.send(ev.playing('ch', 'v1', 10)), 'channelNotOpen');
    expect(world.viewers('ch')).toBe(0);
  });

  it('with no uploader live: closed at once', () => {
    const world = channelWith({ viewers: ['v1'] });
    succeeded(world.operate({ kind: 'close', channelId: 'ch' }));
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'closed', closedAt: world.now, closedBy: 'operator' });
    expect(world.display('ch')).toBe('closed');
  });

  it('a LIVEPROXY channel being pulled is closing, not closed', () => {
    const world = new World();
    world.sendAll([ev.create('LIVEPROXY', 'px', undefined), ev.proxy('proxyApplyUpload', 'px')]);
    succeeded(world.operate({ kind: 'close', channelId: 'px' }));
    expect(world.channel('px').lifecycle).toBe('closing');
  });

  it('closing a closed channel changes nothing; an unknown channel is not found', () => {
    const world = channelWith();
    world.operate({ kind: 'close', channelId: 'ch' });
    expect(succeeded(world.operate({ kind: 'close', channelId: 'ch' })).changes).toEqual([]);
    expect(failed(world.operate({ kind: 'close', channelId: 'nope' }), 'not_found')).toContain('nope');
  });
});

describe('operator reopen', () => {
  it('opens a closed channel again: uploads and viewers are admitted', () => {
    const world = channelWith();
    world.operate({ kind: 'close', channelId: 'ch' });
    succeeded(world.operate({ kind: 'reopen', channelId: 'ch' }));
    const channel = world.channel('ch');
    expect(channel.lifecycle).toBe('open');
    expect(channel.closedBy).toBeUndefined();
    expect(channel.closedAt).toBeUndefined();
    expect(channel.closeRequestedAt).toBeUndefined();
    expectAllow(world.send(ev.user('applyUpload', 'ch', 'host')));
    expectAllow(world.send(ev.user('userOnline', 'ch', 'v1')));
  });

  it('cancels a close in progress: the live uploader keeps going', () => {
    const world = channelWith({ uploading: true });
    world.operate({ kind: 'close', channelId: 'ch' });
    succeeded(world.operate({ kind: 'reopen', channelId: 'ch' }));
    expectAllow(world.send(ev.user('uploaderUploading', 'ch', 'host')));
    expect(world.display('ch')).toBe('live');
  });

  it('a channel that went stale, was closed and reopened starts afresh as idle', () => {
    const world = channelWith({ uploading: true });
    world.advance(151).age();
    expect(world.display('ch')).toBe('stale');
    world.operate({ kind: 'close', channelId: 'ch' });
    expect(world.channel('ch').lifecycle).toBe('closed');
    world.operate({ kind: 'reopen', channelId: 'ch' });
    expect(world.display('ch')).toBe('idle');
  });

  it('refuses to reopen a deleted channel, and is a no-op on an open one', () => {
    const world = channelWith();
    expect(succeeded(world.operate({ kind: 'reopen', channelId: 'ch' })).changes).toEqual([]);
    world.operate({ kind: 'delete', channelId: 'ch' });
    expect(failed(world.operate({ kind: 'reopen', channelId: 'ch' }), 'conflict')).toContain('deleted');
  });
});

describe('operator delete', () => {
  it('keeps a tombstone with its bytes and ends every uploader and viewer', () => {
    const world = channelWith({ uploading: true, viewers: ['v1', 'v2'] });
    const outcome = succeeded(world.operate({ kind: 'delete', channelId: 'ch' }));
    expect(outcome.message).toContain('history');
    expect(world.channel('ch')).toMatchObject({ lifecycle: 'deleted', closedBy: 'operator', deletedAt: world.now, bytes: 200 });
    expect(world.viewers('ch')).toBe(0);
    expect(world.isUploading('ch', 'host')).toBe(false);
    expect(world.display('ch')).toBe('deleted');
    expect(world.state.totals.bytes).toBe(200);
    expectConsistent(world.state);
  });

  it('a deleted channel refuses every later callback and every other command', () => {
    const world = channelWith();
    world.operate({ kind: 'delete', channelId: 'ch' });
    expectDeny(world.send(ev.user('uploaderUploading', 'ch', 'host')), 'channelNotOpen', 'deleted');
    expectDeny(world.send(ev.user('userOnline', 'ch', 'v1')), 'channelNotOpen', 'deleted');
    failed(world.operate({ kind: 'setCapacity', channelId: 'ch', capacity: 5 }), 'conflict');
    failed(world.operate({ kind: 'close', channelId: 'ch' }), 'conflict');
    expect(succeeded(world.operate({ kind: 'delete', channelId: 'ch' })).changes).toEqual([]);
  });
});

describe('operator capacity', () => {
  it('sets a capacity from 0 to the maximum; new viewers beyond it are refused, those watching stay', () => {
    const world = channelWith({ viewers: ['v1', 'v2'] });
    succeeded(world.operate({ kind: 'setCapacity', channelId: 'ch', capacity: 1 }));
    expect(world.channel('ch').capacity).toBe(1);
    expect(world.viewers('ch')).toBe(2);
    expectAllow(world.send(ev.playing('ch', 'v2', 10)));
    expectDeny(world.send(ev.user('userOnline', 'ch', 'v3')), 'channelFull', 'ch');
    expect(world.operate({ kind: 'setCapacity', channelId: 'ch', capacity: 0 }).ok).toBe(true);
    expectAllow(world.send(ev.user('userOnline', 'ch', 'v3')));
    expect(world.operate({ kind: 'setCapacity', channelId: 'ch', capacity: 500 }).ok).toBe(true);
  });

  it.each([-1, 501, 1.5, Number.NaN])('refuses capacity %s as a bad request naming the range', (capacity) => {
    const world = channelWith();
    expect(failed(world.operate({ kind: 'setCapacity', channelId: 'ch', capacity }), 'bad_request')).toContain('500');
    expect(world.channel('ch').capacity).toBe(10);
  });

  it('the APPLY_UPLOAD reply carries the new capacity', () => {
    const world = channelWith();
    world.operate({ kind: 'setCapacity', channelId: 'ch', capacity: 3 });
    const decision = expectAllow(world.send(ev.user('applyUpload', 'ch', 'host')));
    expect(decision.reply).toEqual({ kind: 'capacity', capacity: 3 });
  });
});

describe('operator kick', () => {
  it('marks the viewer; his next PLAYING is refused and ends the session; a second kick is a no-op', () => {
    const world = channelWith({ viewers: ['v1'] });
    expect(succeeded(world.operate({ kind: 'kick', channelId: 'ch', userId: 'v1' })).message).toContain('v1');
    expect(succeeded(world.operate({ kind: 'kick', channelId: 'ch', userId: 'v1' })).changes).toEqual([]);
    expectDeny(world.send(ev.playing('ch', 'v1', 5)), 'viewerKicked', 'v1');
    expect(world.session('ch', 'v1')).toBeUndefined();
  });

  it('cannot kick someone who is not watching', () => {
    const world = channelWith();
    expect(failed(world.operate({ kind: 'kick', channelId: 'ch', userId: 'ghost' }), 'not_found')).toContain('ghost');
  });
});

describe('operator ban', () => {
  it('a timed ban refuses ONLINE, APPLY_UPLOAD, PLAYING and UPLOADING until it expires', () => {
    const world = channelWith({ uploading: true, viewers: ['v1'] });
    succeeded(world.operate({ kind: 'ban', userId: 'host', durationSeconds: 120, reason: 'unpaid' }));
    succeeded(world.operate({ kind: 'ban', userId: 'v1', durationSeconds: 120, reason: 'unpaid' }));
    expect(world.state.bans.get('v1')).toMatchObject({ since: world.now, until: world.now + 120_000, reason: 'unpaid' });
    expectDeny(world.send(ev.user('uploaderUploading', 'ch', 'host')), 'userBanned', 'unpaid');
    expectDeny(world.send(ev.user('applyUpload', 'ch', 'host')), 'userBanned');
    expectDeny(world.send(ev.playing('ch', 'v1', 5)), 'userBanned');
    expectDeny(world.send(ev.user('userOnline', 'ch', 'v1')), 'userBanned');
    world.advance(119);
    expectDeny(world.send(ev.user('userOnline', 'ch', 'v1')), 'userBanned');
    world.advance(1);
    expectAllow(world.send(ev.user('userOnline', 'ch', 'v1')));
    expectAllow(world.send(ev.user('applyUpload', 'ch', 'host')));
  });

  it('a ban for good never expires until lifted', () => {
    const world = channelWith();
    succeeded(world.operate({ kind: 'ban', userId: 'v1', durationSeconds: null, reason: '' }));
    expect(world.state.bans.get('v1')?.until).toBeUndefined();
    world.advance(365 * 24 * 3600);
    expectDeny(world.send(ev.user('userOnline', 'ch', 'v1')), 'userBanned', 'banned by the operator');
    succeeded(world.operate({ kind: 'liftBan', userId: 'v1' }));
    expect(world.state.bans.has('v1')).toBe(false);
    expectAllow(world.send(ev.user('userOnline', 'ch', 'v1')));
  });

  it.each([0, -5, 2.5])('refuses a duration of %s seconds', (durationSeconds) => {
    const world = channelWith();
    failed(world.operate({ kind: 'ban', userId: 'v1', durationSeconds, reason: 'x' }), 'bad_request');
    expect(world.state.bans.size).toBe(0);
  });

  it('refuses a ban without a user, and lifting a ban that does not exist', () => {
    const world = channelWith();
    failed(world.operate({ kind: 'ban', userId: '  ', durationSeconds: null, reason: 'x' }), 'bad_request');
    expect(failed(world.operate({ kind: 'liftBan', userId: 'v1' }), 'not_found')).toContain('v1');
  });
});
