// Sets up what a family's measured load needs, through the callback URL as the media server
// would: chat rooms created (AEC_CHATROOM_CREATE), groups created with their members
// (AEC_GROUP_CREATE; their ids are the ones our server hands out), calls opened
// (AEC_VOIP_USER_ONLINE) and given their first minute (AEC_VOIP_USER_PLAYING at `ts`).

import { Action } from '../../contract';
import type { ActionName } from '../../contract';
import { IdMint } from '../ids';
import { Prng } from '../prng';
import { CallbackSender } from '../sender';
import { buildData } from '../wire';
import type { PayloadFields } from '../wire';
import type { BenchFamily, FamilyItem } from './family-requests';
import type { FillCounts } from './state-fill';

/** Members of each bench group, its creator included: a small team's group. */
export const GROUP_MEMBERS = 8;

/** Ids of the bench's chat rooms, groups' people and callers, far from the viewers' (5,000,000+). */
const ROOM_CREATOR_BASE = 600_000;
const GROUP_USER_BASE = 2_000_000;
const CALLER_BASE = 8_000_000;

export interface FamilySetUp {
  items: FamilyItem[];
  fill: FillCounts;
}

interface Planned {
  action: ActionName;
  fields: PayloadFields;
  /** The item the request sets up, from the allowed answer's data where the server names it. */
  item: (data: unknown) => FamilyItem | null;
}

/** The set-up requests of `count` items of a family; pure, the same ids on every run. */
export function plannedSetUp(family: BenchFamily, count: number, ts: number): Planned[] {
  switch (family) {
    case 'chatroom': {
      const ids = new IdMint(new Prng('bench-rooms'));
      return Array.from({ length: count }, (_, i) => {
        const roomId = ids.roomId();
        const creator = String(ROOM_CREATOR_BASE + i);
        const fields = { userId: creator, roomId, roomType: 'CHAT_ROOM_TYPE_PUBLIC', conCurrentNumber: '100', userDefineData: `bench room ${i}` };
        return { action: Action.AEC_CHATROOM_CREATE, fields, item: () => [roomId, creator] };
      });
    }
    case 'group':
      return Array.from({ length: count }, (_, i) => {
        const members = Array.from({ length: GROUP_MEMBERS }, (_, k) => String(GROUP_USER_BASE + i * GROUP_MEMBERS + k));
        const creator = members[0] as string;
        const fields = { userId: creator, addUsers: members.join(','), userDefineData: `bench group ${i}` };
        return { action: Action.AEC_GROUP_CREATE, fields, item: (data) => (typeof data === 'string' && data !== '' ? [data, creator] : null) };
      });
    case 'call':
      return Array.from({ length: count }, (_, i) => {
        const caller = String(CALLER_BASE + 2 * i);
        const callee = String(CALLER_BASE + 2 * i + 1);
        return { action: Action.AEC_VOIP_USER_ONLINE, fields: { userId: caller, userId2: callee, time: ts }, item: () => [caller, callee] };
      });
  }
}

async function sendPlanned(url: string, planned: Planned[], ts: number, concurrency: number): Promise<FamilySetUp> {
  const sender = new CallbackSender({ url, maxInFlight: concurrency, timeoutMs: 30_000 });
  const fill: FillCounts = { allowed: 0, denied: 0, errors: 0, firstProblem: null };
  const items: FamilyItem[] = [];
  await Promise.all(
    planned.map(async (p) => {
      const answer = await sender.send(buildData(p.action, ts, p.fields));
      const item = answer.kind === 'allow' ? p.item(answer.data) : null;
      if (item) {
        fill.allowed++;
        items.push(item);
        return;
      }
      if (answer.kind === 'deny') fill.denied++;
      else fill.errors++;
      fill.firstProblem ??= `${p.action} ${JSON.stringify(p.fields)} -> ${JSON.stringify(answer)}`;
    }),
  );
  await sender.close();
  return { items, fill };
}

/**
 * Sets up `count` items of the family at `ts`. Calls also get their first minute at `ts`, so the
 * load (which starts at a later `ts`) measures running calls' minutes, not their first.
 */
export async function setUpFamily(url: string, family: BenchFamily, count: number, ts: number, concurrency: number): Promise<FamilySetUp> {
  const setUp = await sendPlanned(url, plannedSetUp(family, count, ts), ts, concurrency);
  if (family !== 'call' || setUp.items.length === 0) return setUp;
  const minutes: Planned[] = setUp.items.map(([caller, callee]) => ({
    action: Action.AEC_VOIP_USER_PLAYING,
    fields: { userId: caller, userId2: callee, time: ts },
    item: () => [caller, callee],
  }));
  const first = await sendPlanned(url, minutes, ts, concurrency);
  const a = setUp.fill;
  const b = first.fill;
  // Items are the calls whose first minute was answered "1"; counts cover both steps.
  return { items: first.items, fill: { allowed: b.allowed, denied: a.denied + b.denied, errors: a.errors + b.errors, firstProblem: a.firstProblem ?? b.firstProblem } };
}
