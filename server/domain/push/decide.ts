// msgServer's push modes: asked at every login (and before pushing to an offline user), set by the
// client. A "0" is harmless (no offline push), but an answer it can read keeps the mode right.

import { PUSH_MODES } from '../../contract';
import type { PushModeSetEvent, UserOnlyEvent } from '../family-events';
import { allow, type Decision } from '../decision';
import type { State } from '../state';

export function decidePushModeGet(state: State, event: UserOnlyEvent): Decision {
  const stored = state.pushModes.get(event.userId);
  const mode = stored ?? PUSH_MODES.allOn;
  return allow(`push mode of ${event.userId}: ${mode}${stored === undefined ? ' (all on, the default)' : ''}`, [], { kind: 'pushMode', mode });
}

export function decidePushModeSet(state: State, event: PushModeSetEvent, now: number): Decision {
  if (state.pushModes.get(event.userId) === event.mode) return allow(`push mode of ${event.userId} already ${event.mode}`);
  return allow(`push mode of ${event.userId} set to ${event.mode}`, [{ op: 'setPushMode', userId: event.userId, mode: event.mode, at: now }]);
}

/** Enum value 1, sent by no 2.9.6 program; a "0" would lock users out, so it is let through. */
export function decideVerifyUserLogin(event: UserOnlyEvent): Decision {
  return allow(`login of ${event.userId} (AEC_ACTION_VERIFY_USER_LOGIN, not sent by 2.9.6) let through`);
}
