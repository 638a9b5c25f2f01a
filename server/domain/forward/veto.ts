// Forward mode, first layer: the operator's own levers (close, delete, kick, ban, capacity, end
// call, minute cap) apply on top of the studio's eventCenter. When one of them says no, the
// answer is ours and a stateful or billable action is not forwarded at all (aec-media-server-2.9.6.md
// §11.3): the eventCenter must not record a room or bill a minute the media server never honours.

import { DenyCode, factsOf } from '../../contract';
import type { AecEvent } from '../events';
import type { Decision } from '../decision';
import { decide } from '../decide';
import type { DecisionSettings } from '../settings';
import type { State } from '../state';

/** Our codes that come from the operator's levers; any other denial is the eventCenter's call. */
const LEVER_CODES: ReadonlySet<number> = new Set([
  DenyCode.channelNotOpen,
  DenyCode.userBanned,
  DenyCode.viewerKicked,
  DenyCode.channelFull,
  DenyCode.capacityOutOfRange,
  DenyCode.callEnded,
  DenyCode.callTooLong,
]);

export function trusting(settings: DecisionSettings): DecisionSettings {
  return settings.trustUpstream ? settings : { ...settings, trustUpstream: true };
}

/** A denial that comes from the operator's levers, not from rules the eventCenter owns. */
export function isLeverDenial(state: State, event: AecEvent, decision: Decision): boolean {
  if (decision.allow) return false;
  if (LEVER_CODES.has(decision.code)) return true;
  // A room the operator deleted is refused whatever the eventCenter thinks of it.
  const roomId = 'roomId' in event ? event.roomId : undefined;
  return decision.code === DenyCode.chatRoomDeleted && roomId !== undefined && state.chatRooms.get(roomId)?.deletedBy === 'operator';
}

/**
 * The denial the operator's levers give this event, or undefined when they let it through. Its
 * changes (a viewer told to stop, a call ended) apply whether or not it is forwarded.
 */
export function operatorVeto(state: State, event: AecEvent, now: number, settings: DecisionSettings): Extract<Decision, { allow: false }> | undefined {
  const decision = decide(state, event, now, trusting(settings));
  return !decision.allow && isLeverDenial(state, event, decision) ? decision : undefined;
}

/** Creates, admissions and minute reports are stateful or billable: a veto keeps them here. */
export function forwardedDespiteVeto(action: string): boolean {
  return factsOf(action)?.role === 'teardown';
}
