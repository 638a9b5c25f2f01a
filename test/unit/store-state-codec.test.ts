import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyChanges, emptyState } from '../../server/domain';
import { stateFromJson, stateToJson } from '../../server/store';
import type { AecEvent, Change, OperatorCommand, State } from '../../server/domain';
import { CREATE_TYPES, ev, expectConsistent, World } from './domain-helpers';

/** Through the snapshot file: state -> JSON text -> state. */
function throughSnapshot(state: State): State {
  return stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))));
}

/** A show with every kind of participant and every lifecycle. */
function mixedShow(): { world: World; changes: Change[] } {
  const world = new World();
  const changes: Change[] = [];
  const send = (event: AecEvent) => changes.push(...world.send(event).changes);
  const operate = (command: OperatorCommand) => {
    const outcome = world.operate(command);
    if (outcome.ok) changes.push(...outcome.changes);
  };
  send(ev.create('GROUP_SPECIFY', 'g@1_a-b', 'host', { groupId: '7', specify: ['v1', 'v2'], capacity: 5, extra: 'e', listType: 1 }));
  send(ev.create('GLOBAL_PUBLIC', 'open', 'host2', { roomId: 'r', capacity: 3 }));
  send(ev.create('LIVEPROXY', 'px', undefined, { capacity: 10 }));
  send(ev.proxy('proxyApplyUpload', 'px'));
  send(ev.user('setUploader', 'g@1_a-b', 'v2'));
  send(ev.user('uploaderUploading', 'g@1_a-b', 'host'));
  send(ev.user('userOnline', 'g@1_a-b', 'v1'));
  send(ev.playing('g@1_a-b', 'v1', 1000, 100));
  send(ev.playing('g@1_a-b', 'v1', 1000, 100));
  send(ev.user('userOnline', 'open', 'v1'));
  send(ev.user('userOnline', 'open', 'v3'));
  send(ev.playing('open', 'v3', 500));
  send(ev.playing('stray', 'v4', 70));
  send(ev.user('userOnline', 'px', 'v5'));
  operate({ kind: 'kick', channelId: 'open', userId: 'v3' });
  send(ev.playing('open', 'v3', 30));
  operate({ kind: 'ban', userId: 'v9', durationSeconds: 3600, reason: 'test' });
  operate({ kind: 'ban', userId: 'v8', durationSeconds: null, reason: 'for good' });
  world.advance(60);
  operate({ kind: 'close', channelId: 'g@1_a-b' });
  send(ev.offline('open', 'v1', 25));
  send(ev.user('uploaderUploading', 'open', 'host2'));
  world.advance(200);
  changes.push(...world.age());
  send(ev.user('deleteChannel', 'open', 'host2'));
  send(ev.create('GLOBAL_PUBLIC', 'open', 'host3'));
  send(ev.user('userOnline', 'open', 'v6'));
  return { world, changes };
}

describe('the state survives the snapshot file', () => {
  it('an empty state round-trips', () => {
    expect(throughSnapshot(emptyState())).toStrictEqual(emptyState());
  });

  it('a state after a mixed show round-trips exactly, channels, sessions, uploaders, bans and totals', () => {
    const { world } = mixedShow();
    expect(world.state.channels.size).toBe(4);
    expect(world.state.bans.size).toBe(2);
    const restored = throughSnapshot(world.state);
    expect(restored).toStrictEqual(world.state);
    expect(stateToJson(restored)).toStrictEqual(stateToJson(world.state));
  });

  it('the restored state decides the next event exactly as the original does', () => {
    const { world } = mixedShow();
    const restored = throughSnapshot(world.state);
    for (const event of [ev.user('userOnline', 'open', 'v7'), ev.playing('open', 'v6', 9, 5), ev.user('applyUpload', 'g@1_a-b', 'v2')]) {
      const original = world.send(event);
      const fromSnapshot = new World();
      fromSnapshot.state = restored;
      fromSnapshot.now = world.now;
      expect(fromSnapshot.send(event)).toStrictEqual(original);
    }
  });

  it('a snapshot is a copy: changing the restored state leaves the original alone', () => {
    const { world } = mixedShow();
    const restored = stateFromJson(stateToJson(world.state));
    restored.channels.get('px')!.bytes += 1;
    restored.totals.bytes += 1;
    expect(world.channel('px').bytes).toBe(0);
    expect(restored.totals.bytes).toBe(world.state.totals.bytes + 1);
  });
});

describe('bookkeeping after a mixed show', () => {
  it('channel bytes, user bytes and totals agree; viewer counts are the sessions', () => {
    const { world } = mixedShow();
    expectConsistent(world.state);
    // v1: 1000 (duplicate ignored) on g, 25 on open; v3: 500 + 30 denied after the kick; v4: 70 adopted.
    expect(world.state.totals.bytes).toBe(1000 + 25 + 530 + 70);
    expect(world.channel('g@1_a-b').bytes).toBe(1000);
    expect(world.channel('open').bytes).toBe(555);
    expect(world.channel('stray')).toMatchObject({ adopted: true, bytes: 70 });
    expect(world.viewers('open')).toBe(1);
    expect(world.channel('g@1_a-b').lifecycle).toBe('closed');
    // The pulled channel's traffic stopped 260 s before the aging pass: it ages out like the others.
    expect(world.display('px')).toBe('stale');
  });

  it('replaying the journaled changes on an empty state rebuilds the same state', () => {
    const { world, changes } = mixedShow();
    const replayed = emptyState();
    applyChanges(replayed, JSON.parse(JSON.stringify(changes)) as Change[]);
    expect(replayed).toStrictEqual(world.state);
  });
});

// Any sequence of callbacks, operator commands and aging keeps the books straight.
const channelIds = ['c1', 'c2', 'c3'];
const userIds = ['u1', 'u2', 'u3', 'u4'];
const channelId = fc.constantFrom(...channelIds);
const userId = fc.constantFrom(...userIds);
const userKind = fc.constantFrom(
  'applyUpload', 'setUploader', 'unsetUploader', 'uploaderDisconnect', 'uploaderUploading',
  'closeChannel', 'deleteChannel', 'userOnline', 'applyDownload',
) as fc.Arbitrary<Parameters<typeof ev.user>[0]>;

type Step = { event: AecEvent } | { command: OperatorCommand } | { advance: number } | { age: true };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .record({ type: fc.constantFrom(...CREATE_TYPES), channelId, userId, capacity: fc.integer({ min: 0, max: 3 }), specify: fc.subarray(userIds) })
    .map(({ type, channelId, userId, capacity, specify }) => ({
      event: ev.create(type, channelId, type === 'LIVEPROXY' ? undefined : userId, { capacity, specify, groupId: '1' }),
    })),
  fc.record({ kind: userKind, channelId, userId }).map(({ kind, channelId, userId }) => ({ event: ev.user(kind, channelId, userId) })),
  fc.record({ channelId, userId, discharge: fc.integer({ min: 0, max: 10_000 }), ts: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) })
    .map(({ channelId, userId, discharge, ts }) => ({ event: ev.playing(channelId, userId, discharge, ts) })),
  fc.record({ channelId, userId, discharge: fc.integer({ min: 0, max: 10_000 }) })
    .map(({ channelId, userId, discharge }) => ({ event: ev.offline(channelId, userId, discharge) })),
  fc.record({ kind: fc.constantFrom('proxyApplyUpload', 'proxyCloseChannel', 'proxyDeleteChannel'), channelId })
    .map(({ kind, channelId }) => ({ event: ev.proxy(kind as Parameters<typeof ev.proxy>[0], channelId) })),
  fc.oneof(
    fc.record({ kind: fc.constantFrom('close', 'reopen', 'delete'), channelId }) as fc.Arbitrary<OperatorCommand>,
    fc.record({ kind: fc.constant('kick'), channelId, userId }) as fc.Arbitrary<OperatorCommand>,
    fc.record({ kind: fc.constant('ban'), userId, durationSeconds: fc.constantFrom(null, 90), reason: fc.constant('r') }) as fc.Arbitrary<OperatorCommand>,
    fc.record({ kind: fc.constant('liftBan'), userId }) as fc.Arbitrary<OperatorCommand>,
  ).map((command) => ({ command })),
  fc.integer({ min: 1, max: 200 }).map((advance) => ({ advance })),
  fc.constant({ age: true as const }),
);

describe('any sequence', () => {
  it('keeps bytes consistent, never leaves uploaders on closed channels, and survives snapshot and replay', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.boolean(), (steps, adopt) => {
        const world = new World({ adoptUnknownChannels: adopt, maxCapacity: 3 });
        const journal: Change[] = [];
        for (const s of steps) {
          if ('event' in s) journal.push(...world.send(s.event).changes);
          else if ('command' in s) {
            const outcome = world.operate(s.command);
            if (outcome.ok) journal.push(...outcome.changes);
          } else if ('advance' in s) world.advance(s.advance);
          else journal.push(...world.age());
          expectConsistent(world.state);
        }
        expect(throughSnapshot(world.state)).toStrictEqual(world.state);
        const replayed = emptyState();
        applyChanges(replayed, JSON.parse(JSON.stringify(journal)) as Change[]);
        expect(replayed).toStrictEqual(world.state);
      }),
      { numRuns: Number(process.env.DOMAIN_PROPERTY_RUNS ?? 300) },
    );
  });
});
