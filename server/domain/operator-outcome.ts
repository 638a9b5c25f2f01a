// What the operator can ask of the domain, and what it answers.

import type { Change } from './changes';

/** The operator's commands from the dashboard, decided like callbacks: pure, with a reason. */
export type OperatorCommand =
  | { kind: 'close'; channelId: string }
  | { kind: 'reopen'; channelId: string }
  | { kind: 'delete'; channelId: string }
  | { kind: 'setCapacity'; channelId: string; capacity: number }
  | { kind: 'kick'; channelId: string; userId: string }
  | { kind: 'ban'; userId: string; durationSeconds: number | null; reason: string }
  | { kind: 'liftBan'; userId: string }
  | { kind: 'deleteChatRoom'; roomId: string }
  | { kind: 'setChatRoomLimit'; roomId: string; limit: number }
  | { kind: 'endCall'; callId: string };

export type OperatorFailure = 'not_found' | 'conflict' | 'bad_request';

/** Something to do outside the state once the changes are durable (the domain does no I/O). */
export type OperatorEffect = { kind: 'liveProxy'; verb: 'close' | 'delete'; channelId: string };

export type OperatorOutcome =
  | { ok: true; message: string; changes: Change[]; effects: OperatorEffect[] }
  | { ok: false; failure: OperatorFailure; message: string };

export function done(message: string, changes: Change[] = [], effects: OperatorEffect[] = []): OperatorOutcome {
  return { ok: true, message, changes, effects };
}

export function fail(failure: OperatorFailure, message: string): OperatorOutcome {
  return { ok: false, failure, message };
}
