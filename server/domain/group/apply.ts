import type { GroupChange } from '../changes';
import { applyPatch } from '../patch';
import type { State } from '../state';

export function applyGroupChange(state: State, change: GroupChange): void {
  switch (change.op) {
    case 'putGroup':
      state.groups.set(change.group.id, { ...change.group, members: [...change.group.members], ignore: [...change.group.ignore] });
      passGroupId(state, change.group.id);
      return;
    case 'patchGroup': {
      const group = state.groups.get(change.groupId);
      if (group) applyPatch(group, change.patch);
      return;
    }
    case 'groupSynced': {
      const group = state.groups.get(change.groupId);
      if (!group) return;
      group.syncCount += 1;
      group.lastSyncAt = change.at;
      return;
    }
    case 'skipGroupId':
      passGroupId(state, change.groupId);
      return;
  }
}

/** The counter only moves forward: an id handed out (or learned) is never handed out again. */
function passGroupId(state: State, id: string): void {
  const n = Number(id);
  if (Number.isSafeInteger(n) && n >= state.nextGroupId) state.nextGroupId = n + 1;
}
