import type { Change } from './changes';
import type { State } from './state';
import { applyLiveChange } from './live/apply';
import { applyChatRoomChange } from './chatroom/apply';
import { applyGroupChange } from './group/apply';
import { applyCallChange } from './call/apply';

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
    case 'setPushMode':
      state.pushModes.set(change.userId, change.mode);
      return;
    case 'replayQueued': {
      state.replays.set(change.replay.id, { ...change.replay });
      const n = Number(change.replay.id);
      if (Number.isSafeInteger(n) && n >= state.nextReplayId) state.nextReplayId = n + 1;
      return;
    }
    case 'replayDone':
      state.replays.delete(change.replayId);
      return;
    case 'putChatRoom':
    case 'patchChatRoom':
    case 'chatRoomAsked':
      applyChatRoomChange(state, change);
      return;
    case 'putGroup':
    case 'patchGroup':
    case 'groupSynced':
    case 'skipGroupId':
      applyGroupChange(state, change);
      return;
    case 'callStart':
    case 'callReport':
    case 'callEnding':
    case 'callEnd':
      applyCallChange(state, change);
      return;
    default:
      applyLiveChange(state, change);
  }
}

export function applyChanges(state: State, changes: readonly Change[]): void {
  for (const change of changes) applyChange(state, change);
}
