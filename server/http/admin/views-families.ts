// Chat rooms, groups and calls as the admin API shows them (contract/api-families.ts).

import type { CallRow, ChatRoomRow, GroupRow } from '../../contract';
import type { Call, ChatRoom, Group, State } from '../../domain';

/** The live channel each chat room is linked to (the channel created with its roomId); the newest wins. */
export function channelsByRoom(state: State): Map<string, string> {
  const byRoom = new Map<string, { id: string; at: number }>();
  for (const channel of state.channels.values()) {
    if (channel.roomId === undefined || channel.lifecycle === 'deleted') continue;
    const known = byRoom.get(channel.roomId);
    if (!known || channel.createdAt >= known.at) byRoom.set(channel.roomId, { id: channel.id, at: channel.createdAt });
  }
  return new Map([...byRoom].map(([room, { id }]) => [room, id]));
}

export function toChatRoomRow(room: ChatRoom, linkedChannelId: string | null): ChatRoomRow {
  return {
    id: room.id,
    name: room.name ?? null,
    creator: room.creator,
    type: room.type,
    limit: room.limit,
    requestedLimit: room.requestedLimit ?? null,
    state: room.deletedAt !== undefined ? 'deleted' : room.adopted ? 'adopted' : 'active',
    linkedChannelId,
    createdAt: room.createdAt,
    askedCount: room.askedCount,
    lastAskedAt: room.lastAskedAt ?? null,
    deletedAt: room.deletedAt ?? null,
    deletedBy: room.deletedBy ?? null,
  };
}

export function toGroupRow(group: Group): GroupRow {
  return {
    id: group.id,
    name: group.name ?? null,
    creator: group.creator,
    members: group.members.length,
    ignoring: group.ignore.length,
    state: group.deletedAt !== undefined ? 'deleted' : 'active',
    createdAt: group.createdAt,
    syncCount: group.syncCount,
    lastSyncAt: group.lastSyncAt ?? null,
    deletedAt: group.deletedAt ?? null,
  };
}

export function toCallRow(call: Call): CallRow {
  return {
    id: call.id,
    caller: call.caller,
    callee: call.callee,
    startedAt: call.startedAt,
    lastReportAt: call.lastReportAt,
    minutes: call.minutes,
    state: call.endedAt !== undefined ? 'ended' : call.ending ? 'ending' : 'active',
    endedAt: call.endedAt ?? null,
    endReason: call.endReason ?? null,
    hungUpBy: call.hungUpBy ?? null,
    adopted: call.adopted,
  };
}

/** Active calls first (newest first), then the ended ones, most recently ended first. */
export function callRows(state: State): CallRow[] {
  const active: CallRow[] = [];
  const ended: CallRow[] = [];
  for (const call of state.calls.values()) (call.endedAt === undefined ? active : ended).push(toCallRow(call));
  active.sort((a, b) => b.startedAt - a.startedAt);
  ended.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  return [...active, ...ended];
}
