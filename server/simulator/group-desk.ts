// A few IM groups: created with their first members (the id comes back from us), then members
// join, leave and mute. The group server uses the plain change or its _AND_SYNC_ALL variant
// (which needs the member snapshot back); after a media-server restart it asks SYNC_ALL again.

import { Action } from '../contract';
import type { ActionName } from '../contract';
import type { TickContext } from './audience';
import { TICKS_PER_MINUTE } from './model';
import type { Prng } from './prng';

interface SimGroup {
  id: string | undefined;
  creator: string;
  members: Set<string>;
  muted: Set<string>;
}

const CHANGE_CHANCE_PER_MINUTE = 0.5;
const NAMES = ['Fans', 'Crew', 'Moderators', 'VIP', 'Hosts', 'Night shift'];

export class GroupDesk {
  readonly groups: SimGroup[] = [];

  constructor(
    private readonly prng: Prng,
    private readonly users: readonly string[],
    private readonly count: number,
  ) {}

  tick(ctx: TickContext): void {
    if (this.groups.length < this.count && ctx.tick % 3 === 1) this.create(ctx);
    if (ctx.tick % TICKS_PER_MINUTE !== 5) return;
    for (const group of this.groups) if (group.id !== undefined && this.prng.chance(CHANGE_CHANCE_PER_MINUTE)) this.change(ctx, group);
  }

  /** After a media-server restart the group server knows no members: it asks for each group. */
  resync(ctx: TickContext): void {
    for (const group of this.groups) {
      if (group.id === undefined) continue;
      ctx.emit(Action.AEC_GROUP_SYNC_ALL, { groupId: group.id }, () => undefined);
    }
  }

  private create(ctx: TickContext): void {
    const members = new Set(this.pickUsers(this.prng.int(3, 8)));
    const creator = [...members][0];
    if (creator === undefined) return;
    const group: SimGroup = { id: undefined, creator, members, muted: new Set() };
    this.groups.push(group);
    ctx.login(creator);
    const name = `${this.prng.pick(NAMES)} ${this.groups.length}`;
    ctx.emit(Action.AEC_GROUP_CREATE, { userId: creator, addUsers: [...members].join(','), userDefineData: name }, (answer) => {
      if (answer.kind === 'allow' && typeof answer.data === 'string' && /^\d+$/.test(answer.data)) group.id = answer.data;
      else this.groups.splice(this.groups.indexOf(group), 1);
    });
  }

  private change(ctx: TickContext, group: SimGroup): void {
    const groupId = group.id as string;
    const sync = this.prng.chance(0.5);
    const roll = this.prng.next();
    const others = [...group.members].filter((member) => member !== group.creator);
    if (roll < 0.45 || others.length === 0) {
      const joiner = this.pickUsers(1).find((user) => !group.members.has(user));
      if (joiner === undefined) return;
      const action: ActionName = sync ? Action.AEC_GROUP_ADD_USER_AND_SYNC_ALL : Action.AEC_GROUP_ADD_USER;
      ctx.emit(action, { userId: group.creator, groupId, addUsers: joiner }, (answer) => {
        if (answer.kind === 'allow') group.members.add(joiner);
      });
    } else if (roll < 0.75) {
      const leaver = this.prng.pick(others);
      const action: ActionName = sync ? Action.AEC_GROUP_REMOVE_USER_AND_SYNC_ALL : Action.AEC_GROUP_REMOVE_USER;
      ctx.emit(action, { userId: leaver, groupId, removeUsers: leaver }, (answer) => {
        if (answer.kind === 'allow') {
          group.members.delete(leaver);
          group.muted.delete(leaver);
        }
      });
    } else {
      const member = this.prng.pick([...group.members]);
      const mute = !group.muted.has(member);
      const action: ActionName = mute
        ? sync ? Action.AEC_SET_GROUP_PUSH_IGNORE_AND_SYNC_ALL : Action.AEC_SET_GROUP_PUSH_IGNORE
        : sync ? Action.AEC_UNSET_GROUP_PUSH_IGNORE_AND_SYNC_ALL : Action.AEC_UNSET_GROUP_PUSH_IGNORE;
      ctx.emit(action, { userId: member, groupId }, (answer) => {
        if (answer.kind !== 'allow') return;
        if (mute) group.muted.add(member);
        else group.muted.delete(member);
      });
    }
  }

  private pickUsers(n: number): string[] {
    const picked: string[] = [];
    for (let i = 0; i < n; i++) picked.push(this.prng.pick(this.users));
    return picked;
  }
}
