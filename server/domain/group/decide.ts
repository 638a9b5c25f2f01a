// Groups: we hand out their ids (never twice) and keep their members and do-not-disturb lists;
// the group server asks for the members again (SYNC_ALL) after each restart.

import { DenyCode } from '../../contract';
import type { GroupCreateEvent, GroupMembersEvent, GroupSyncEvent, GroupUserEvent, UserOnlyEvent } from '../family-events';
import { allow, deny, type Decision, type ReplyPayload } from '../decision';
import { definedFields } from '../defined';
import type { DecisionSettings } from '../settings';
import { activeBan, type State } from '../state';
import type { Group } from './model';

export function decideGroupCreate(state: State, event: GroupCreateEvent, now: number, settings: DecisionSettings): Decision {
  const ban = activeBan(state, event.userId, now);
  if (ban) return deny(DenyCode.userBanned, `user ${event.userId} is banned (${ban.reason}); group not created`);
  const members = unique([event.userId, ...event.members]);
  if (members.length > settings.groupMaxMembers) {
    return deny(DenyCode.tooManyMembers, `a group of ${members.length} members asked; at most ${settings.groupMaxMembers} are allowed`);
  }
  const group: Group = {
    id: String(state.nextGroupId),
    creator: event.userId,
    members,
    ignore: [],
    createdAt: now,
    syncCount: 0,
    ...definedFields({ name: event.name }),
  };
  return {
    allow: true,
    reason: `group ${group.id} created by ${event.userId} with ${members.length} members`,
    changes: [{ op: 'putGroup', group }],
    reply: { kind: 'groupId', groupId: group.id },
    mustBeDurable: {
      reason: `group ${group.id} was not on disk within the answer budget; refused so that its id is never handed out twice (the id stays used)`,
      changes: [{ op: 'patchGroup', groupId: group.id, at: now, patch: { deletedAt: now, deletedBy: 'not on disk in time' } }],
    },
  };
}

export function decideGroupSync(state: State, event: GroupSyncEvent, now: number): Decision {
  const group = liveGroup(state, event.groupId);
  if (!group) return deny(DenyCode.groupUnknown, unknownReason(state, event.groupId));
  return allow(`members of group ${group.id} handed over (${group.members.length})`, [{ op: 'groupSynced', groupId: group.id, at: now }], snapshotOf(group));
}

export function decideGroupDelete(state: State, event: GroupUserEvent, now: number): Decision {
  const group = liveGroup(state, event.groupId);
  if (!group) return deny(DenyCode.groupUnknown, unknownReason(state, event.groupId));
  if (group.creator !== event.userId) {
    return deny(DenyCode.notCreator, `user ${event.userId} asked to delete group ${group.id}, created by ${group.creator}`);
  }
  return allow(`group ${group.id} deleted by its creator`, [
    { op: 'patchGroup', groupId: group.id, at: now, patch: { deletedAt: now, deletedBy: `user:${event.userId}` } },
  ]);
}

/** Adds or removes members, all of them or none; the reply is the new snapshot for *_AND_SYNC_ALL. */
export function decideGroupMembers(state: State, event: GroupMembersEvent, now: number, settings: DecisionSettings): Decision {
  const group = liveGroup(state, event.groupId);
  if (!group) return deny(DenyCode.groupUnknown, unknownReason(state, event.groupId));
  const users = unique(event.users);
  let members: string[];
  let ignore = group.ignore;
  if (event.kind === 'groupAddUsers') {
    members = unique([...group.members, ...users]);
    if (members.length > settings.groupMaxMembers) {
      return deny(DenyCode.tooManyMembers, `group ${group.id} would have ${members.length} members; at most ${settings.groupMaxMembers} are allowed`);
    }
  } else {
    if (users.includes(group.creator)) {
      return deny(DenyCode.groupCreatorStays, `user ${event.userId} asked to remove the creator ${group.creator} from group ${group.id}; nobody was removed`);
    }
    const gone = new Set(users);
    members = group.members.filter((member) => !gone.has(member));
    ignore = group.ignore.filter((member) => !gone.has(member));
  }
  const changed = members.length - group.members.length;
  const verb = event.kind === 'groupAddUsers' ? `added ${changed}` : `removed ${-changed}`;
  const changes = changed === 0 ? [] : [{ op: 'patchGroup' as const, groupId: group.id, at: now, patch: { members, ignore } }];
  return replyFor(event.syncAll, { ...group, members, ignore }, `group ${group.id}: ${verb} of ${users.length} asked by ${event.userId}`, changes, now);
}

export function decidePushIgnore(state: State, event: GroupUserEvent, now: number): Decision {
  const group = liveGroup(state, event.groupId);
  if (!group) return deny(DenyCode.groupUnknown, unknownReason(state, event.groupId));
  if (!group.members.includes(event.userId)) return deny(DenyCode.notGroupMember, `user ${event.userId} is not a member of group ${group.id}`);
  const on = event.kind === 'groupSetPushIgnore';
  const ignore = on ? unique([...group.ignore, event.userId]) : group.ignore.filter((member) => member !== event.userId);
  const changes = ignore.length === group.ignore.length ? [] : [{ op: 'patchGroup' as const, groupId: group.id, at: now, patch: { ignore } }];
  return replyFor(event.syncAll, { ...group, ignore }, `do-not-disturb ${on ? 'on' : 'off'} for ${event.userId} in group ${group.id}`, changes, now);
}

/** Older builds: the asker's groups. */
export function decideGroupList(state: State, event: UserOnlyEvent): Decision {
  const groups = [...state.groups.values()].filter((group) => group.deletedAt === undefined && group.members.includes(event.userId));
  return allow(`${groups.length} groups of ${event.userId}`, [], {
    kind: 'groupList',
    groupIds: groups.map((group) => group.id),
    names: groups.map((group) => group.name ?? ''),
    creators: groups.map((group) => group.creator),
  });
}

/** Older builds: a group's members and whether the asker ignores it. */
export function decideGroupUserList(state: State, event: GroupUserEvent): Decision {
  const group = liveGroup(state, event.groupId);
  if (!group) return deny(DenyCode.groupUnknown, unknownReason(state, event.groupId));
  return allow(`members of group ${group.id} listed for ${event.userId}`, [], {
    kind: 'userList',
    users: group.members,
    ignoring: group.ignore.includes(event.userId),
  });
}

/** A client asking to push a system message: the reference refuses; a setting allows it. */
export function decideSystemPush(state: State, event: GroupUserEvent | UserOnlyEvent, now: number, settings: DecisionSettings): Decision {
  const to = 'groupId' in event ? `group ${event.groupId}` : 'users';
  if (!settings.allowGroupSystemPush) return deny(DenyCode.pushNotAllowed, `${event.userId} may not push a system message to ${to} (allowGroupSystemPush is off)`);
  const ban = activeBan(state, event.userId, now);
  if (ban) return deny(DenyCode.userBanned, `user ${event.userId} is banned (${ban.reason}); system message refused`);
  if ('groupId' in event) {
    const group = liveGroup(state, event.groupId);
    if (!group) return deny(DenyCode.groupUnknown, unknownReason(state, event.groupId));
    if (!group.members.includes(event.userId)) return deny(DenyCode.notGroupMember, `user ${event.userId} is not a member of group ${group.id}`);
  }
  return allow(`${event.userId} pushes a system message to ${to}`);
}

function replyFor(syncAll: boolean, group: Group, reason: string, changes: Decision['changes'], now: number): Decision {
  if (!syncAll) return allow(reason, changes);
  const reply: ReplyPayload = snapshotOf(group);
  return allow(`${reason}; members handed over`, [...changes, { op: 'groupSynced', groupId: group.id, at: now }], reply);
}

function snapshotOf(group: Group): ReplyPayload {
  return { kind: 'members', members: group.members, ignore: group.ignore };
}

function liveGroup(state: State, groupId: string): Group | undefined {
  const group = state.groups.get(groupId);
  return group?.deletedAt === undefined ? group : undefined;
}

function unknownReason(state: State, groupId: string): string {
  const group = state.groups.get(groupId);
  return group ? `group ${groupId} was deleted (${group.deletedBy ?? 'by its creator'})` : `unknown group ${groupId}`;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
