// One-to-one calls: ONLINE when the two legs pair, PLAYING about once a minute per call (a "0"
// ends the call for both people), HANGUP when either leaves.

import { DenyCode } from '../../contract';
import type { CallEvent } from '../family-events';
import type { Change } from '../changes';
import { allow, deny, type Decision } from '../decision';
import type { DecisionSettings } from '../settings';
import { activeBan, type State } from '../state';
import { callKey, type Call } from './model';

export function decideCallOnline(state: State, event: CallEvent & { ts?: number }, now: number): Decision {
  const banned = bannedParty(state, event, now);
  if (banned) return deny(DenyCode.userBanned, `${banned.role} ${banned.userId} is banned (${banned.reason}); call ${event.caller} -> ${event.callee} refused`);
  const open = activeCall(state, event);
  if (open && event.ts !== undefined && open.startTs === event.ts) return allow(`call ${open.id} of ${event.caller} -> ${event.callee} already open (retry)`);
  const call = { ...newCall(state, event, now, false), ...(event.ts !== undefined ? { startTs: event.ts } : {}) };
  const changes: Change[] = [];
  // 2.9.6 does not retry: an ONLINE for a pair still talking means we missed the last HANGUP.
  if (open) changes.push({ op: 'callEnd', callId: open.id, at: now, reason: 'aged' });
  changes.push({ op: 'callStart', call });
  const note = open ? ` (call ${open.id} between them had no HANGUP: ended)` : '';
  return allow(`call ${call.id}: ${event.caller} calls ${event.callee}${note}`, changes);
}

/** A minute of a call; ends it when the operator asked, a party is banned, or the limit is reached. */
export function decideCallPlaying(state: State, event: CallEvent & { ts?: number }, now: number, settings: DecisionSettings): Decision {
  const changes: Change[] = [];
  let call = activeCall(state, event);
  if (!call) {
    call = newCall(state, event, now, true);
    changes.push({ op: 'callStart', call });
  }
  const end = (code: number, reason: string, why: 'operator' | 'denied' | 'quota'): Decision =>
    deny(code, reason, [...changes, { op: 'callEnd', callId: call.id, at: now, reason: why }]);
  if (call.ending) return end(DenyCode.callEnded, `call ${call.id} (${call.caller} -> ${call.callee}) ended by the operator at its minute report`, 'operator');
  const banned = bannedParty(state, event, now);
  if (banned) return end(DenyCode.userBanned, `${banned.role} ${banned.userId} is banned (${banned.reason}); call ${call.id} ended`, 'denied');
  if (event.ts !== undefined && call.lastReportTs === event.ts) {
    return allow(`duplicate minute report of call ${call.id} (same ts) not counted twice`, changes);
  }
  changes.push({ op: 'callReport', callId: call.id, at: now, counted: true, caller: call.caller, callee: call.callee, ...(event.ts !== undefined ? { ts: event.ts } : {}) });
  // The minute that reaches the limit is counted (it was talked), and its answer ends the call.
  if (settings.maxCallMinutes > 0 && call.minutes + 1 >= settings.maxCallMinutes) {
    return end(DenyCode.callTooLong, `call ${call.id} reached ${settings.maxCallMinutes} minutes; ended`, 'quota');
  }
  const how = call.adopted && changes.length === 2 ? ' (call first seen at this report: its ONLINE was not seen)' : '';
  return allow(`call ${call.id}: minute ${call.minutes + 1}${how}`, changes);
}

/** Always "1": the call is over whatever we answer. */
export function decideCallHangup(state: State, event: CallEvent, now: number): Decision {
  const call = activeCall(state, event);
  if (!call) return allow(`hang-up of ${event.caller} -> ${event.callee}: no open call`);
  const by = event.hungUpBy;
  return allow(`call ${call.id} ended after ${call.minutes} minutes${by !== undefined ? `, hung up by ${by}` : ''}`, [
    { op: 'callEnd', callId: call.id, at: now, reason: 'hangup', ...(by !== undefined ? { hungUpBy: by } : {}) },
  ]);
}

function activeCall(state: State, event: CallEvent): Call | undefined {
  const id = state.activeCalls.get(callKey(event.caller, event.callee));
  return id === undefined ? undefined : state.calls.get(id);
}

function newCall(state: State, event: CallEvent, now: number, adopted: boolean): Call {
  return { id: String(state.nextCallId), caller: event.caller, callee: event.callee, startedAt: now, lastReportAt: now, minutes: 0, ending: false, adopted };
}

function bannedParty(state: State, event: CallEvent, now: number): { role: string; userId: string; reason: string } | undefined {
  for (const [role, userId] of [['caller', event.caller], ['callee', event.callee]] as const) {
    const ban = activeBan(state, userId, now);
    if (ban) return { role, userId, reason: ban.reason };
  }
  return undefined;
}
