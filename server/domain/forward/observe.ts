// Forward mode, second layer: the eventCenter answered; apply the request and its reply to our
// state (aec-media-server-2.9.6.md §11.2). Its yes is the business answer; our own rules on
// top are the operator's levers only. Its no is recorded as "denied by upstream", and a no to
// a once-a-minute report ends that viewer, uploader or call here as it does on the media server.

import { DenyCode } from '../../contract';
import type { Change } from '../changes';
import { callKey } from '../call/model';
import { decide } from '../decide';
import { allow, deny, type Decision } from '../decision';
import type { AecEvent } from '../events';
import type { DecisionSettings } from '../settings';
import type { State } from '../state';
import { learnFromReply } from './learn';
import type { UpstreamAnswer } from './model';
import { isLeverDenial, trusting } from './veto';

export function observeUpstream(state: State, event: AecEvent, answer: UpstreamAnswer, now: number, settings: DecisionSettings): Decision {
  const trust = trusting(settings);
  if (!answer.allowed) return observeDenial(state, event, answer, now, trust);
  const ours = decide(state, event, now, trust);
  // The operator pulled a lever while the eventCenter was thinking: our "0" wins.
  if (isLeverDenial(state, event, ours)) return { ...ours, reason: `${ours.reason} (the eventCenter said yes; the operator's lever wins)` };
  const learned = learnFromReply(state, event, answer, now);
  if (learned) return learned;
  if (ours.allow) return { allow: true, reason: `eventCenter: yes; ${ours.reason}`, reply: ours.reply, changes: ours.changes };
  // Our mirror disagrees (a group we never saw, a room created elsewhere): the eventCenter is the record.
  return allow(`eventCenter: yes (our mirror would have said no: ${ours.reason}; nothing applied)`);
}

function observeDenial(state: State, event: AecEvent, answer: UpstreamAnswer, now: number, settings: DecisionSettings): Decision {
  const code = typeof answer.data === 'string' ? answer.data : answer.data === null ? 'none' : JSON.stringify(answer.data);
  const denied = `denied by upstream: code ${code} (reply ${answer.raw})`;
  if (event.kind !== 'userPlaying' && event.kind !== 'uploaderUploading' && event.kind !== 'callPlaying') return deny(DenyCode.upstreamDenied, denied);
  const ours = decide(state, event, now, settings);
  if (!ours.allow) return { ...ours, reason: `${denied}; ${ours.reason}` };
  return deny(DenyCode.upstreamDenied, `${denied}; ${endedBy(event)} ended by the eventCenter`, [...ours.changes, ...endOf(state, event, ours.changes, now)]);
}

function endedBy(event: AecEvent): string {
  if (event.kind === 'callPlaying') return `call ${event.caller} -> ${event.callee}`;
  if (event.kind === 'userPlaying') return `viewer ${event.userId} of ${event.channelId}`;
  return 'uploaderUploading' === event.kind ? `uploader ${event.userId} of ${event.channelId}` : 'it';
}

/** A "0" to a report ends it on the media server: the end, after the report's own counting. */
function endOf(state: State, event: AecEvent, reported: Change[], now: number): Change[] {
  switch (event.kind) {
    case 'userPlaying': {
      // The minute's bytes were consumed: counted by the report, the end adds none.
      return [{ op: 'viewerEnd', channelId: event.channelId, userId: event.userId, at: now, bytes: 0, why: 'denied', ...(event.ts !== undefined ? { ts: event.ts } : {}) }];
    }
    case 'uploaderUploading':
      return [{ op: 'uploaderEnd', channelId: event.channelId, userId: event.userId, at: now, why: 'denied' }];
    case 'callPlaying': {
      const started = reported.find((change) => change.op === 'callStart');
      const callId = started?.op === 'callStart' ? started.call.id : state.activeCalls.get(callKey(event.caller, event.callee));
      return callId === undefined ? [] : [{ op: 'callEnd', callId, at: now, reason: 'denied' }];
    }
    default:
      return [];
  }
}
