// One-to-one calls (aec-media-server-2.9.6.md §4, §9): ONLINE when the two legs pair, PLAYING
// about once a minute per call (a "0" ends the call for both people), HANGUP when either leaves.
// Every answer is read back through the port of the 2.9.6 reply parser.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AecEvent, Call, OperatorCommand } from '../../server/domain';
import { parseEvent } from '../../server/protocol';
import { stateFromJson, stateToJson } from '../../server/store';
import {
  expectFamiliesConsistent,
  expectWireFailure,
  fev,
  onWire,
  operatorDone,
  operatorFailed,
  sendAllowed,
  sendDenied,
  T0,
  World,
} from './domain-helpers';

/** The call between these two that is still going. */
function activeCall(world: World, caller: string, callee: string): Call {
  const found = [...world.state.calls.values()].find((call) => call.caller === caller && call.callee === callee && call.endedAt === undefined);
  if (!found) throw new Error(`no open call ${caller} -> ${callee}`);
  return found;
}

function onlyCall(world: World): Call {
  expect(world.state.calls.size).toBe(1);
  return [...world.state.calls.values()][0]!;
}

function ban(world: World, userId: string): void {
  operatorDone(world.operate({ kind: 'ban', userId, durationSeconds: null, reason: 'abuse' }));
}

/** A call answered, then `minutes` minute reports about 61 s apart. */
function callFor(world: World, minutes: number, caller = '892500', callee = '500660'): Call {
  sendAllowed(world, fev.callOnline(caller, callee, 1000));
  for (let i = 1; i <= minutes; i++) {
    world.advance(61);
    sendAllowed(world, fev.callPlaying(caller, callee, 1000 + 61 * i));
  }
  return activeCall(world, caller, callee);
}

describe('the requests of §4 parse into the events these tests send', () => {
  it('ONLINE, PLAYING and HANGUP as 2.9.6 sends them', () => {
    expect(parseEvent('{"ts":"1561083201","action":"AEC_VOIP_USER_ONLINE","userId":"892500","userId2":"500660","time":"1561083201"}')).toMatchObject({
      ok: true,
      event: fev.callOnline('892500', '500660', 1561083201),
    });
    expect(parseEvent('{"ts":"1561083596","action":"AEC_VOIP_USER_PLAYING","userId":"892500","userId2":"500660","time":"1561083596"}')).toMatchObject({
      ok: true,
      event: fev.callPlaying('892500', '500660', 1561083596),
    });
    expect(
      parseEvent('{"ts":"1561083203","action":"AEC_VOIP_USER_HANGUP","userId":"892500","userId2":"500660","hangupUserId":"500660","time":"1561083203"}'),
    ).toMatchObject({ ok: true, event: fev.callHangup('892500', '500660', '500660', 1561083203) });
  });
});

describe('AEC_VOIP_USER_ONLINE', () => {
  it('opens a call: "1", caller and callee, no minute yet', () => {
    const world = new World();
    const { data } = sendAllowed(world, fev.callOnline('892500', '500660', 1561083201));
    expect(data).toBe('ok');
    expect(onlyCall(world)).toEqual({
      id: '1',
      caller: '892500',
      callee: '500660',
      startedAt: T0,
      lastReportAt: T0,
      minutes: 0,
      ending: false,
      adopted: false,
      startTs: 1561083201,
    });
    expect(world.state.activeCalls.size).toBe(1);
  });

  it('an ONLINE for a pair still talking, with a new ts, is a new call: the one whose HANGUP we missed ends', () => {
    const world = new World();
    sendAllowed(world, fev.callOnline('a', 'b', 10));
    world.advance(300);
    sendAllowed(world, fev.callOnline('a', 'b', 310));
    const calls = [...world.state.calls.values()];
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ endReason: 'aged' });
    expect(calls[1]?.endedAt).toBeUndefined();
    expect(world.state.activeCalls.size).toBe(1);
  });

  it('a retried ONLINE for the call already open is a "1" that opens nothing', () => {
    const world = new World();
    sendAllowed(world, fev.callOnline('a', 'b', 10));
    world.advance(2);
    expect(sendAllowed(world, fev.callOnline('a', 'b', 10)).decision.changes).toEqual([]);
    expect(onlyCall(world).startedAt).toBe(T0);
  });

  it('calls each way between two people are two calls', () => {
    const world = new World();
    sendAllowed(world, fev.callOnline('a', 'b'));
    sendAllowed(world, fev.callOnline('b', 'a'));
    expect(world.state.calls.size).toBe(2);
    expect(activeCall(world, 'a', 'b').id).not.toBe(activeCall(world, 'b', 'a').id);
  });

  it.each([
    ['caller', 'a'],
    ['callee', 'b'],
  ])('a banned %s: "0" with VOIP_MOONSERVER_ERRID_LOGIN_FAILED, no call opened', (role, banned) => {
    const world = new World();
    ban(world, banned);
    sendDenied(world, fev.callOnline('a', 'b'), 'userBanned', { name: 'VOIP_MOONSERVER_ERRID_LOGIN_FAILED', mentions: [role, banned] });
    expect(world.state.calls.size).toBe(0);
    expect(world.state.activeCalls.size).toBe(0);
  });
});

describe('AEC_VOIP_USER_PLAYING', () => {
  it('each minute report adds a minute: "1"', () => {
    const world = new World();
    const call = callFor(world, 3);
    expect(call).toMatchObject({ minutes: 3, lastReportAt: T0 + 3 * 61_000, lastReportTs: 1000 + 3 * 61 });
  });

  it('a retry with the same ts is a "1" not counted twice; the next ts is counted', () => {
    const world = new World();
    sendAllowed(world, fev.callOnline('a', 'b', 100));
    world.advance(61);
    sendAllowed(world, fev.callPlaying('a', 'b', 161));
    world.advance(5);
    const retry = sendAllowed(world, fev.callPlaying('a', 'b', 161));
    expect(retry.decision.changes).toEqual([]);
    expect(activeCall(world, 'a', 'b').minutes).toBe(1);
    world.advance(56);
    sendAllowed(world, fev.callPlaying('a', 'b', 222));
    expect(activeCall(world, 'a', 'b').minutes).toBe(2);
  });

  it('a call first seen at PLAYING (its ONLINE was not seen) is adopted and the minute counted', () => {
    const world = new World();
    const { decision } = sendAllowed(world, fev.callPlaying('a', 'b', 500));
    expect(decision.reason).toContain('first seen');
    expect(onlyCall(world)).toMatchObject({ caller: 'a', callee: 'b', adopted: true, minutes: 1, startedAt: T0, lastReportTs: 500 });
    // Its retry is not counted again, and it is one call.
    sendAllowed(world, fev.callPlaying('a', 'b', 500));
    expect(onlyCall(world).minutes).toBe(1);
  });

  it('after the operator ends a call its next PLAYING is "0" with VOIP_MOONSERVER_ERRID_FAR_DISCONNECTED and the call is over', () => {
    const world = new World();
    const call = callFor(world, 2);
    const outcome = operatorDone(world.operate({ kind: 'endCall', callId: call.id }));
    expect(outcome.message).toContain('next minute report');
    expect(world.state.calls.get(call.id)).toMatchObject({ ending: true });
    expect(world.state.calls.get(call.id)?.endedAt).toBeUndefined();
    world.advance(61);
    sendDenied(world, fev.callPlaying('892500', '500660', 9999), 'callEnded', { name: 'VOIP_MOONSERVER_ERRID_FAR_DISCONNECTED', mentions: [call.id] });
    expect(world.state.calls.get(call.id)).toMatchObject({ endedAt: world.now, endReason: 'operator', ending: false, minutes: 2 });
    expect(world.state.activeCalls.size).toBe(0);
    // The HANGUP the media server then sends changes nothing.
    expect(sendAllowed(world, fev.callHangup('892500', '500660', '892500')).decision.changes).toEqual([]);
    expect(world.state.calls.get(call.id)?.endReason).toBe('operator');
  });

  it('a banned party\'s next PLAYING ends the call: "0" with VOIP_MOONSERVER_ERRID_LOGIN_FAILED', () => {
    const world = new World();
    const call = callFor(world, 1, 'a', 'b');
    ban(world, 'b');
    world.advance(61);
    sendDenied(world, fev.callPlaying('a', 'b', 5000), 'userBanned', { name: 'VOIP_MOONSERVER_ERRID_LOGIN_FAILED', mentions: ['callee', 'b'] });
    expect(world.state.calls.get(call.id)).toMatchObject({ endReason: 'denied', minutes: 1 });
    expect(world.state.activeCalls.size).toBe(0);
  });

  it('a PLAYING of a banned party for a call never seen: refused, and the call recorded as ended', () => {
    const world = new World();
    ban(world, 'a');
    sendDenied(world, fev.callPlaying('a', 'b', 5), 'userBanned');
    expect(onlyCall(world)).toMatchObject({ adopted: true, endReason: 'denied', minutes: 0 });
    expect(world.state.activeCalls.size).toBe(0);
  });

  it('maxCallMinutes 0 (the default): no limit', () => {
    const world = new World();
    expect(callFor(world, 30).minutes).toBe(30);
  });

  it('maxCallMinutes 2: ended at its 2nd minute report ("A call is ended at this many minutes") with VOIP_MOONSERVER_ERRID_FEE_INSUFFICIENT', () => {
    const world = new World({ maxCallMinutes: 2 });
    const call = callFor(world, 1, 'a', 'b');
    world.advance(61);
    // Two minutes into the call: the limit is reached here, not a minute later.
    sendDenied(world, fev.callPlaying('a', 'b', 1000 + 2 * 61), 'callTooLong', { name: 'VOIP_MOONSERVER_ERRID_FEE_INSUFFICIENT', mentions: ['2 minutes'] });
    expect(world.state.calls.get(call.id)).toMatchObject({ endReason: 'quota' });
    expect(world.state.activeCalls.size).toBe(0);
  });

  it('maxCallMinutes: the report refused for the limit ends the call as quota, and no minute beyond the limit is counted', () => {
    const world = new World({ maxCallMinutes: 2 });
    sendAllowed(world, fev.callOnline('a', 'b', 1000));
    let refused = false;
    for (let i = 1; i <= 5 && !refused; i++) {
      world.advance(61);
      const event = fev.callPlaying('a', 'b', 1000 + 61 * i);
      const decision = world.send(event);
      refused = !decision.allow;
      if (refused) expectWireFailure(decision, event, 'VOIP_MOONSERVER_ERRID_FEE_INSUFFICIENT');
    }
    expect(refused).toBe(true);
    expect(onlyCall(world)).toMatchObject({ endReason: 'quota', ending: false });
    expect(onlyCall(world).minutes).toBeLessThanOrEqual(2);
    expect(world.state.activeCalls.size).toBe(0);
  });

  it('a maxCallMinutes lowered during a call ends it at its next report', () => {
    const world = new World({ maxCallMinutes: 0 });
    callFor(world, 5, 'a', 'b');
    const strict = new World({ maxCallMinutes: 3 });
    strict.state = world.state;
    strict.now = world.now + 61_000;
    sendDenied(strict, fev.callPlaying('a', 'b', 99_999), 'callTooLong');
    expect(strict.state.activeCalls.size).toBe(0);
  });
});

describe('AEC_VOIP_USER_HANGUP', () => {
  it('ends the call: "1", who hung up, the minutes it lasted', () => {
    const world = new World();
    const call = callFor(world, 2);
    world.advance(30);
    const { data } = sendAllowed(world, fev.callHangup('892500', '500660', '500660', 7000));
    expect(data).toBe('ok');
    expect(world.state.calls.get(call.id)).toMatchObject({ endedAt: world.now, endReason: 'hangup', hungUpBy: '500660', minutes: 2, ending: false });
    expect(world.state.activeCalls.size).toBe(0);
  });

  it('a hang-up of a call we do not know is still a "1" and records nothing', () => {
    const world = new World();
    expect(sendAllowed(world, fev.callHangup('x', 'y', 'x')).decision.changes).toEqual([]);
    expect(world.state.calls.size).toBe(0);
  });

  it('a banned party\'s hang-up is a "1" all the same and ends the call', () => {
    const world = new World();
    const call = callFor(world, 1, 'a', 'b');
    ban(world, 'a');
    sendAllowed(world, fev.callHangup('a', 'b', 'a'));
    expect(world.state.calls.get(call.id)).toMatchObject({ endReason: 'hangup', hungUpBy: 'a' });
  });

  it('a second HANGUP changes nothing; the next ONLINE between them is a new call', () => {
    const world = new World();
    const first = callFor(world, 1, 'a', 'b');
    sendAllowed(world, fev.callHangup('a', 'b', 'b'));
    expect(sendAllowed(world, fev.callHangup('a', 'b', 'a')).decision.changes).toEqual([]);
    expect(world.state.calls.get(first.id)?.hungUpBy).toBe('b');
    sendAllowed(world, fev.callOnline('a', 'b'));
    const second = activeCall(world, 'a', 'b');
    expect(second.id).not.toBe(first.id);
    expect(second.minutes).toBe(0);
  });

  it('a HANGUP without hangupUserId ends the call without naming anyone', () => {
    const world = new World();
    const call = callFor(world, 0, 'a', 'b');
    sendAllowed(world, fev.callHangup('a', 'b'));
    expect(world.state.calls.get(call.id)?.endReason).toBe('hangup');
    expect(world.state.calls.get(call.id)?.hungUpBy).toBeUndefined();
  });
});

describe('aging: calls whose minute reports stopped without a HANGUP', () => {
  it('a call silent for longer than graceSeconds is ended as aged; one still reporting stays', () => {
    const world = new World({ graceSeconds: 150 });
    sendAllowed(world, fev.callOnline('quiet', 'b', 1));
    sendAllowed(world, fev.callOnline('busy', 'b', 1));
    for (let i = 1; i <= 3; i++) {
      world.advance(61);
      sendAllowed(world, fev.callPlaying('busy', 'b', 1 + 61 * i));
      world.age();
    }
    expect(activeCall(world, 'busy', 'b').minutes).toBe(3);
    const quiet = [...world.state.calls.values()].find((call) => call.caller === 'quiet');
    expect(quiet).toMatchObject({ endReason: 'aged', endedAt: T0 + 183_000 });
    expect(world.state.activeCalls.size).toBe(1);
  });

  it('within graceSeconds nothing ends', () => {
    const world = new World({ graceSeconds: 150 });
    sendAllowed(world, fev.callOnline('a', 'b'));
    world.advance(150);
    expect(world.age()).toEqual([]);
    expect(world.state.activeCalls.size).toBe(1);
  });

  it('a call the operator is ending, that never reports again, is aged too', () => {
    const world = new World({ graceSeconds: 60 });
    const call = callFor(world, 1, 'a', 'b');
    operatorDone(world.operate({ kind: 'endCall', callId: call.id }));
    world.advance(61);
    world.age();
    expect(world.state.calls.get(call.id)).toMatchObject({ endReason: 'aged', ending: false });
    expect(operatorFailed(world.operate({ kind: 'endCall', callId: call.id }), 'conflict')).toContain('already ended');
  });
});

describe('the operator\'s endCall', () => {
  it('asked twice before the next report: the second succeeds without changes', () => {
    const world = new World();
    const call = callFor(world, 1);
    operatorDone(world.operate({ kind: 'endCall', callId: call.id }));
    const again = operatorDone(world.operate({ kind: 'endCall', callId: call.id }));
    expect(again.changes).toEqual([]);
    expect(again.message).toContain('already ending');
  });

  it('an unknown call is not_found; an ended call is a conflict', () => {
    const world = new World();
    expect(operatorFailed(world.operate({ kind: 'endCall', callId: '77' }), 'not_found')).toContain('77');
    const call = callFor(world, 1);
    sendAllowed(world, fev.callHangup('892500', '500660', '892500'));
    expect(operatorFailed(world.operate({ kind: 'endCall', callId: call.id }), 'conflict')).toContain(call.id);
  });

  it('a HANGUP before the next report ends the call as a hang-up', () => {
    const world = new World();
    const call = callFor(world, 1, 'a', 'b');
    operatorDone(world.operate({ kind: 'endCall', callId: call.id }));
    sendAllowed(world, fev.callHangup('a', 'b', 'a'));
    expect(world.state.calls.get(call.id)).toMatchObject({ endReason: 'hangup', ending: false });
  });

  it('an ending call survives the snapshot: after a restart its next PLAYING is still refused', () => {
    const world = new World();
    const call = callFor(world, 1, 'a', 'b');
    operatorDone(world.operate({ kind: 'endCall', callId: call.id }));
    const restarted = new World();
    restarted.state = stateFromJson(JSON.parse(JSON.stringify(stateToJson(world.state))));
    restarted.now = world.now + 61_000;
    sendDenied(restarted, fev.callPlaying('a', 'b', 424242), 'callEnded');
  });
});

describe('any sequence of call events and operator commands', () => {
  const user = fc.constantFrom('u1', 'u2', 'u3');
  const pair = fc.tuple(user, user).filter(([a, b]) => a !== b);
  type Step = { event: AecEvent } | { command: OperatorCommand } | { advance: number } | { age: true };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.tuple(pair, fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined })).map(([[a, b], ts]) => ({ event: fev.callOnline(a, b, ts) })),
    fc.tuple(pair, fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined })).map(([[a, b], ts]) => ({ event: fev.callPlaying(a, b, ts) })),
    fc.tuple(pair, fc.option(user, { nil: undefined })).map(([[a, b], by]) => ({ event: fev.callHangup(a, b, by) })),
    fc.integer({ min: 1, max: 8 }).map((n) => ({ command: { kind: 'endCall', callId: String(n) } as OperatorCommand })),
    user.map((userId) => ({ command: { kind: 'ban', userId, durationSeconds: 100, reason: 'p' } as OperatorCommand })),
    user.map((userId) => ({ command: { kind: 'liftBan', userId } as OperatorCommand })),
    fc.integer({ min: 0, max: 200 }).map((advance) => ({ advance })),
    fc.constant({ age: true as const }),
  );

  it('keep activeCalls pointing at calls not ended, minutes only growing, every reply readable by 2.9.6', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), fc.integer({ min: 0, max: 3 }), (steps, maxCallMinutes) => {
        const world = new World({ maxCallMinutes });
        for (const s of steps) {
          const minutesBefore = new Map([...world.state.calls].map(([id, call]) => [id, call.minutes]));
          if ('advance' in s) world.advance(s.advance);
          else if ('age' in s) world.age();
          else if ('command' in s) world.operate(s.command);
          else {
            const decision = world.send(s.event);
            const reading = onWire(decision, s.event);
            expect(reading.kind, JSON.stringify(reading)).toBe(decision.allow ? 'success' : 'failure');
            // Teardown is never refused: the call is over whatever we answer.
            if (s.event.kind === 'callHangup') expect(decision.allow).toBe(true);
          }
          for (const [id, minutes] of minutesBefore) expect(world.state.calls.get(id)?.minutes ?? minutes).toBeGreaterThanOrEqual(minutes);
          if (maxCallMinutes > 0) for (const call of world.state.calls.values()) expect(call.minutes).toBeLessThanOrEqual(maxCallMinutes);
          expectFamiliesConsistent(world.state, world.settings, world.now);
        }
      }),
      { numRuns: 200 },
    );
  });
});
