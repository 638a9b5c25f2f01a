// The measured load of the chat-room, group and call families, on the 2.9.6 wire (wire.ts): per
// family the action a studio sends most (aec-media-server-2.9.6.md §1.4, §2–§4), over items the
// bench set up first (family-fill.ts). Like the viewers' USER_PLAYING (load-requests.ts), one pass
// over the items is one simulated minute later than the last, so every request carries a `ts`
// no earlier request of that item had: none is a retry the server could skip.
//
// Why these actions:
// - chat rooms: AEC_CHATROOM_IS_EXIST. The chatRoomServer asks it for every join of a room it
//   does not hold in memory, so every room in use is asked again, once per joiner, after each
//   chatRoomServer restart (§2); it is the only chat-room action sent more than once per room
//   (CREATE and DELETE come once per room, SEND_MSG and the list actions never reach the URL
//   when aecurl is set, §1.4). Each join is a different viewer; the answer is the room's
//   creator and limit, and the room's "asked" count is kept (a journaled change).
// - groups: AEC_GROUP_SYNC_ALL. The groupServer sends it before delivering a group message or
//   a system message, or checking a member, for any group it does not hold, and for every
//   active group after each restart (§3): the one group action repeated per group rather than
//   per user action. The member lists (GET_USER_LIST, GET_GROUP_LIST) are internal when aecurl
//   is set, and PUSH_SYSTEM(_GROUP)_MSG is refused by default as by the reference (a "0").
// - calls: AEC_VOIP_USER_PLAYING, once a minute per call while media flows (§4), over N calls
//   opened with AEC_VOIP_USER_ONLINE and given a first minute before the load, as the viewer
//   sessions are.

import { Action } from '../../contract';
import type { ActionName } from '../../contract';
import { buildData } from '../wire';
import { REPORT_INTERVAL_SECONDS } from './load-requests';

export const BENCH_FAMILIES = ['chatroom', 'group', 'call'] as const;
export type BenchFamily = (typeof BENCH_FAMILIES)[number];

/** The action measured for each family (see the note above for why). */
export const FAMILY_ACTION: Readonly<Record<BenchFamily, ActionName>> = {
  chatroom: Action.AEC_CHATROOM_IS_EXIST,
  group: Action.AEC_GROUP_SYNC_ALL,
  call: Action.AEC_VOIP_USER_PLAYING,
};

/** chatroom: [roomId, creator]; group: [groupId, creator]; call: [caller, callee]. */
export type FamilyItem = [string, string];

/** What the load generator asks of any source of requests (PlayingReports is one too). */
export interface RequestSource {
  nextData(): string;
  readonly count: number;
  readonly nextTs: number;
}

/** Joiners of the chat rooms: ids of their own, far from the viewers' and the callers'. */
const JOINER_BASE = 7_000_000;
const JOINERS = 1_000_000;

/** The joiner of a room at one pass: a different viewer for every request until a million. */
export function joinerId(index: number, pass: number, items: number): string {
  return String(JOINER_BASE + ((pass * items + index) % JOINERS));
}

type Build = (item: FamilyItem, index: number, pass: number, ts: number) => string;

const BUILDERS: Readonly<Record<BenchFamily, (items: number) => Build>> = {
  chatroom: (items) => ([roomId], index, pass, ts) => buildData(Action.AEC_CHATROOM_IS_EXIST, ts, { userId: joinerId(index, pass, items), roomId }),
  group: () => ([groupId], _index, _pass, ts) => buildData(Action.AEC_GROUP_SYNC_ALL, ts, { groupId }),
  call: () => ([caller, callee], _index, _pass, ts) => buildData(Action.AEC_VOIP_USER_PLAYING, ts, { userId: caller, userId2: callee, time: ts }),
};

/** The family's requests over its items, a pass a simulated minute after the one before. */
export class FamilyRequests implements RequestSource {
  private sent = 0;
  private readonly build: Build;

  constructor(
    family: BenchFamily,
    private readonly items: readonly FamilyItem[],
    private readonly firstTs: number,
  ) {
    if (items.length === 0) throw new Error(`no ${family} items to send requests for`);
    this.build = BUILDERS[family](items.length);
  }

  nextData(): string {
    const index = this.sent % this.items.length;
    const pass = Math.floor(this.sent / this.items.length);
    this.sent++;
    return this.build(this.items[index] as FamilyItem, index, pass, this.firstTs + REPORT_INTERVAL_SECONDS * pass);
  }

  get count(): number {
    return this.sent;
  }

  /** A `ts` later than every one handed out so far. */
  get nextTs(): number {
    return this.firstTs + REPORT_INTERVAL_SECONDS * Math.max(1, Math.ceil(this.sent / this.items.length));
  }
}

/** Reads `--families chatroom,group,call`. */
export function parseFamilies(raw: string): BenchFamily[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const families = BENCH_FAMILIES.filter((f) => names.includes(f));
  const unknown = names.filter((name) => !(BENCH_FAMILIES as readonly string[]).includes(name));
  if (unknown.length > 0 || families.length === 0) throw new Error(`--families must be a comma list of ${BENCH_FAMILIES.join(', ')}, got ${raw}`);
  return families;
}
