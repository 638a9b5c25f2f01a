// Chat rooms, groups, calls, push modes and show audiences in the snapshot file. Absent in
// snapshots written before these families existed: they load as empty.

import type { Call, ChatRoom, Group, Replay, State } from '../../domain';
import { callKey } from '../../domain/call/model';
import { FIRST_GROUP_ID } from '../../domain/group/model';
import type { PushMode } from '../../contract';
import { areRows, type RowOf, type RowSpec } from '../rows';

/** userId, mode */
const PUSH_MODE_ROW = ['string', 'number'] as const satisfies RowSpec;
type PushModeRow = RowOf<typeof PUSH_MODE_ROW>;
/** channelId, peak viewers, everyone who watched */
type AudienceRow = [channelId: string, peak: number, seen: string[]];

export interface FamiliesJson {
  chatRooms: ChatRoom[];
  groups: Group[];
  nextGroupId: number;
  /** Active and recently ended calls, oldest first; the active ones are those without endedAt. */
  calls: Call[];
  nextCallId: number;
  pushModes: PushModeRow[];
  audiences: AudienceRow[];
  /** Forward mode's teardowns waiting for the eventCenter, oldest first (absent before forward mode). */
  replays?: Replay[];
  nextReplayId?: number;
}

export function familiesToJson(state: State): FamiliesJson {
  return {
    chatRooms: [...state.chatRooms.values()],
    groups: [...state.groups.values()],
    nextGroupId: state.nextGroupId,
    calls: [...state.calls.values()],
    nextCallId: state.nextCallId,
    pushModes: [...state.pushModes],
    audiences: [...state.audiences].map(([id, audience]) => [id, audience.peak, [...audience.seen]]),
    replays: [...state.replays.values()],
    nextReplayId: state.nextReplayId,
  };
}

export function familiesFromJson(json: FamiliesJson | undefined, state: State): void {
  if (!json) return;
  for (const room of json.chatRooms) state.chatRooms.set(room.id, { ...room, lists: [...room.lists] });
  for (const group of json.groups) state.groups.set(group.id, { ...group, members: [...group.members], ignore: [...group.ignore] });
  state.nextGroupId = Math.max(FIRST_GROUP_ID, json.nextGroupId);
  for (const call of json.calls) {
    state.calls.set(call.id, { ...call });
    if (call.endedAt === undefined) state.activeCalls.set(callKey(call.caller, call.callee), call.id);
  }
  state.nextCallId = json.nextCallId;
  for (const [userId, mode] of json.pushModes) state.pushModes.set(userId, mode as PushMode);
  for (const [id, peak, seen] of json.audiences) state.audiences.set(id, { peak, seen: new Set(seen) });
  for (const replay of json.replays ?? []) state.replays.set(replay.id, { ...replay });
  state.nextReplayId = json.nextReplayId ?? 1;
}

export function isFamiliesJson(value: unknown): value is FamiliesJson {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Partial<FamiliesJson>;
  return (
    [f.chatRooms, f.groups, f.calls].every(Array.isArray) &&
    Number.isSafeInteger(f.nextGroupId) &&
    Number.isSafeInteger(f.nextCallId) &&
    areRows(f.pushModes, PUSH_MODE_ROW) &&
    (f.replays === undefined || Array.isArray(f.replays)) &&
    Array.isArray(f.audiences) &&
    f.audiences.every((row) => Array.isArray(row) && typeof row[0] === 'string' && typeof row[1] === 'number' && Array.isArray(row[2]))
  );
}
