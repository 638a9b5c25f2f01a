import type { Change } from './changes';
import type { State } from './state';
import { applyLiveChange } from './live/apply';

/**
 * Applies one decided change to the state. Deterministic: replaying the journal through this
 * rebuilds exactly the state that was acknowledged.
 */
export function applyChange(state: State, change: Change): void {
  switch (change.op) {
    case 'putBan':
      state.bans.set(change.ban.userId, { ...change.ban });
      return;
    case 'liftBan':
      state.bans.delete(change.userId);
      return;
    default:
      applyLiveChange(state, change);
  }
}

export function applyChanges(state: State, changes: readonly Change[]): void {
  for (const change of changes) applyChange(state, change);
}
