import type { CallChange } from '../changes';
import type { State } from '../state';
import { callKey, ENDED_CALLS_KEPT } from './model';

export function applyCallChange(state: State, change: CallChange): void {
  switch (change.op) {
    case 'callStart': {
      const call = change.call;
      state.calls.set(call.id, { ...call });
      state.activeCalls.set(callKey(call.caller, call.callee), call.id);
      const n = Number(call.id);
      if (Number.isSafeInteger(n) && n >= state.nextCallId) state.nextCallId = n + 1;
      return;
    }
    case 'callReport': {
      const call = state.calls.get(change.callId);
      if (!call) return;
      call.lastReportAt = change.at;
      if (change.counted) call.minutes += 1;
      if (change.ts !== undefined) call.lastReportTs = change.ts;
      return;
    }
    case 'callEnding': {
      const call = state.calls.get(change.callId);
      if (call && call.endedAt === undefined) call.ending = true;
      return;
    }
    case 'callEnd': {
      const call = state.calls.get(change.callId);
      if (!call || call.endedAt !== undefined) return;
      call.endedAt = change.at;
      call.endReason = change.reason;
      call.ending = false;
      if (change.hungUpBy !== undefined) call.hungUpBy = change.hungUpBy;
      const key = callKey(call.caller, call.callee);
      if (state.activeCalls.get(key) === call.id) state.activeCalls.delete(key);
      forgetOldEndedCalls(state);
      return;
    }
  }
}

/** Calls are kept in id order (insertion order): the oldest ended ones go first. */
function forgetOldEndedCalls(state: State): void {
  let ended = state.calls.size - state.activeCalls.size;
  for (const [id, call] of state.calls) {
    if (ended <= ENDED_CALLS_KEPT) return;
    if (call.endedAt === undefined) continue;
    state.calls.delete(id);
    ended -= 1;
  }
}
