// Forward mode when the eventCenter does not answer in time (refused, hanging, garbage): an
// answer per kind of action (aec-media-server-2.9.6.md §11.3), each logged as "decided by
// fallback". Reports and admissions keep shows and calls running; teardowns are "1" and queued
// to be told to the eventCenter later; reads come from what we learned; creates and changes are
// refused, since only the eventCenter may make them (and a group id is never minted here).

import { DenyCode, factsOf } from '../../contract';
import type { Change } from '../changes';
import { decide } from '../decide';
import { allow, deny, type Decision } from '../decision';
import type { AecEvent } from '../events';
import type { DecisionSettings } from '../settings';
import type { State } from '../state';
import type { Replay } from './model';
import { trusting } from './veto';

export interface FallbackInput {
  /** Why the eventCenter's answer is missing. */
  why: string;
  /** The request as received, to be replayed if this is a teardown (or a degraded create). */
  request: Omit<Replay, 'id' | 'queuedAt'>;
  /** Answer creates (other than groups) "1" and replay them later, instead of "0". */
  degradedCreates: boolean;
}

export function fallbackDecision(state: State, event: AecEvent, now: number, settings: DecisionSettings, input: FallbackInput): Decision {
  const role = factsOf(event.action)?.role ?? 'query';
  const prefix = `decided by fallback (${input.why})`;
  const refused = (what: string): Decision => deny(DenyCode.upstreamUnavailable, `${prefix}: ${what}`);
  switch (role) {
    case 'report':
    case 'admit':
      return ours(decide(state, event, now, trusting(settings)), prefix);
    case 'teardown': {
      // Whatever we think of it, the thing is over on the media server: "1", as the eventCenter would.
      const decision = decide(state, event, now, trusting(settings));
      const over = decision.allow ? decision : allow(`${decision.reason}; answered "1" all the same`, decision.changes);
      return withReplay(ours(over, prefix), state, input, now);
    }
    case 'query': {
      // From our mirror, which may be stale; never a room adopted with an invented creator.
      const mirror = decide(state, event, now, { ...trusting(settings), adoptUnknownChatRooms: false });
      return ours(mirror, `${prefix}, from our mirror (may be stale)`);
    }
    case 'create':
      if (event.kind === 'groupCreate') return refused('a group id is only ever issued by the eventCenter; the user retries');
      if (!input.degradedCreates) return refused('creates are not answered without the eventCenter (upstreamDegradedCreates is off); the user retries');
      return withReplay(ours(decide(state, event, now, trusting(settings)), `${prefix}, degraded create`), state, input, now);
    case 'change':
      return refused('changes are only made by the eventCenter; the user retries');
  }
}

function ours(decision: Decision, prefix: string): Decision {
  if (!decision.allow) return { ...decision, reason: `${prefix}: ${decision.reason}` };
  return { allow: true, reason: `${prefix}: ${decision.reason}`, reply: decision.reply, changes: decision.changes };
}

/** The request, kept to be sent to the eventCenter once it answers again (at least once, in order). */
function withReplay(decision: Decision, state: State, input: FallbackInput, now: number): Decision {
  const replay: Replay = { ...input.request, id: String(state.nextReplayId), queuedAt: now };
  const changes: Change[] = [...decision.changes, { op: 'replayQueued', replay }];
  const reason = `${decision.reason}; queued for the eventCenter (replay ${replay.id})`;
  return { ...decision, reason, changes };
}
