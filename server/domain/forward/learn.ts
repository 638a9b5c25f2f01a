// Forward mode: what only the eventCenter's reply tells us (aec-media-server-2.9.6.md §11.2): a
// chat room's creator and limit (IS_EXIST), a new group's id (GROUP_CREATE), a group's members
// (every *SYNC_ALL: a snapshot replaces what we had), a user's push mode.

import { CHAT_ROOM_LIMIT, factsOf, PUSH_MODES, type PushMode } from '../../contract';
import type { Change } from '../changes';
import type { ChatRoomEvent, GroupCreateEvent, UserOnlyEvent } from '../family-events';
import type { AecEvent } from '../events';
import { allow, type Decision } from '../decision';
import { definedFields } from '../defined';
import type { Group } from '../group/model';
import type { State } from '../state';
import type { UpstreamAnswer } from './model';

/** What the reply of an allowed event teaches, or undefined when the event's own decision says it all. */
export function learnFromReply(state: State, event: AecEvent, answer: UpstreamAnswer, now: number): Decision | undefined {
  const groupId = 'groupId' in event ? event.groupId : undefined;
  if (factsOf(event.action)?.syncAll && groupId !== undefined) return learnSnapshot(state, groupId, answer, now);
  switch (event.kind) {
    case 'chatRoomIsExist':
      return learnRoom(state, event, answer, now);
    case 'groupCreate':
      return learnGroupId(event, answer, now);
    case 'pushModeGet':
      return learnPushMode(state, event, answer, now);
    default:
      return undefined;
  }
}

function learnRoom(state: State, event: ChatRoomEvent, answer: UpstreamAnswer, now: number): Decision {
  const parts = typeof answer.data === 'string' ? decoded(answer.data).split(',') : [];
  const limit = Number(parts[1]);
  const creator = parts[0]?.trim() ?? '';
  if (parts.length !== 2 || creator === '' || !Number.isInteger(limit)) {
    return allow(`eventCenter: chat room ${event.roomId} exists, but its reply is not "creator,limit" (${answer.raw}): nothing learned`);
  }
  const existing = state.chatRooms.get(event.roomId);
  const asked: Change = { op: 'chatRoomAsked', roomId: event.roomId, at: now };
  // Kept usable: a 0 answered back from our mirror (while the eventCenter is down) would lock everyone out.
  const usable = Math.min(Math.max(limit, CHAT_ROOM_LIMIT.min), CHAT_ROOM_LIMIT.max);
  if (existing && existing.deletedAt === undefined) {
    const same = existing.creator === creator && existing.limit === usable;
    const patch: Change[] = same ? [] : [{ op: 'patchChatRoom', roomId: existing.id, at: now, patch: { creator, limit: usable } }];
    return allow(`eventCenter: chat room ${existing.id} exists, creator ${creator}, limit ${limit}${same ? '' : ' (learned)'}`, [...patch, asked]);
  }
  const room = { id: event.roomId, creator, type: 'unknown' as const, limit: usable, createdAt: now, adopted: true, lists: [], askedCount: 0 };
  const how = existing ? 'deleted here, but the eventCenter still has it: restored' : 'first seen: learned';
  return allow(`eventCenter: chat room ${room.id} exists, creator ${creator}, limit ${limit} (${how})`, [{ op: 'putChatRoom', room }, asked]);
}

function learnGroupId(event: GroupCreateEvent, answer: UpstreamAnswer, now: number): Decision {
  const id = typeof answer.data === 'string' ? decoded(answer.data).trim() : '';
  if (!/^\d+$/.test(id)) return allow(`eventCenter: group created, but its reply carries no group id (${answer.raw}): not mirrored`);
  const group: Group = {
    id,
    creator: event.userId,
    members: [...new Set([event.userId, ...event.members])],
    ignore: [],
    createdAt: now,
    syncCount: 0,
    ...definedFields({ name: event.name }),
  };
  return allow(`eventCenter: group ${id} created by ${event.userId} with ${group.members.length} members (id learned)`, [{ op: 'putGroup', group }]);
}

/** A snapshot replaces the members and do-not-disturb lists we had; earlier deltas do not matter. */
function learnSnapshot(state: State, groupId: string, answer: UpstreamAnswer, now: number): Decision | undefined {
  const data = answer.data;
  if (typeof data !== 'object' || data === null || typeof data.groupList !== 'string') return undefined;
  const members = listOf(data.groupList);
  const ignore = listOf(data.ignoreList ?? '');
  const synced: Change = { op: 'groupSynced', groupId, at: now };
  const existing = state.groups.get(groupId);
  if (existing && existing.deletedAt === undefined) {
    return allow(`eventCenter: members of group ${groupId} (${members.length}) replace ours (${existing.members.length})`, [
      { op: 'patchGroup', groupId, at: now, patch: { members, ignore } },
      synced,
    ]);
  }
  // The group predates us (or its create was missed): its first member is the reference's creator.
  const group: Group = { id: groupId, creator: members[0] ?? '', members, ignore, createdAt: now, syncCount: 0 };
  return allow(`eventCenter: group ${groupId} first seen at a snapshot, ${members.length} members (learned)`, [{ op: 'putGroup', group }, synced]);
}

function learnPushMode(state: State, event: UserOnlyEvent, answer: UpstreamAnswer, now: number): Decision {
  const text = typeof answer.data === 'string' ? answer.data.trim() : '';
  const mode = Number(text) as PushMode;
  if (!/^\d$/.test(text) || !Object.values(PUSH_MODES).includes(mode)) {
    return allow(`eventCenter: push mode of ${event.userId} is not a mode 0-3 (${answer.raw}): nothing learned`);
  }
  if (state.pushModes.get(event.userId) === mode) return allow(`eventCenter: push mode of ${event.userId}: ${mode}`);
  return allow(`eventCenter: push mode of ${event.userId}: ${mode} (learned)`, [{ op: 'setPushMode', userId: event.userId, mode, at: now }]);
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((item) => decoded(item).trim())
    .filter((item) => item !== '');
}

function decoded(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
