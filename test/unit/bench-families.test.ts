// The bench's family loads (family-requests.ts, family-fill.ts, family-counts.ts): the action
// measured per family, a fresh `ts` for every request of an item, requests our parser reads as
// the intended event, and set-up requests with distinct ids. No assertion depends on timing.

import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../server/contract';
import { parseEvent } from '../../server/protocol';
import { GROUP_MEMBERS, plannedSetUp } from '../../server/simulator/bench/family-fill';
import { sumField } from '../../server/simulator/bench/family-counts';
import { BENCH_FAMILIES, FAMILY_ACTION, FamilyRequests, joinerId, parseFamilies } from '../../server/simulator/bench/family-requests';
import type { BenchFamily, FamilyItem } from '../../server/simulator/bench/family-requests';
import { REPORT_INTERVAL_SECONDS } from '../../server/simulator/bench/load-requests';

const ITEMS: Record<BenchFamily, FamilyItem[]> = {
  chatroom: [
    ['a4aDZfdwsWuTLFkD', '600000'],
    ['a4aXYZdwsWuTLFkE', '600001'],
    ['a4aQRSdwsWuTLFkF', '600002'],
  ],
  group: [
    ['100462', '2000000'],
    ['100463', '2000008'],
    ['100464', '2000016'],
  ],
  call: [
    ['8000000', '8000001'],
    ['8000002', '8000003'],
    ['8000004', '8000005'],
  ],
};

function keyOf(family: BenchFamily, json: Record<string, unknown>): string {
  if (family === 'chatroom') return String(json.roomId);
  if (family === 'group') return String(json.groupId);
  return `${String(json.userId)}-${String(json.userId2)}`;
}

describe('bench family requests', () => {
  it('measures a periodic or repeated action each family sends, all sent by 2.9.6', () => {
    expect(FAMILY_ACTION).toEqual({ chatroom: 'AEC_CHATROOM_IS_EXIST', group: 'AEC_GROUP_SYNC_ALL', call: 'AEC_VOIP_USER_PLAYING' });
    for (const action of Object.values(FAMILY_ACTION)) expect(ACTIONS[action].sentBy296).toBe(true);
  });

  it.each(BENCH_FAMILIES)('%s: never repeats an item with a ts it already sent, a pass a minute after the last', (family) => {
    const firstTs = 1_700_000_000;
    const source = new FamilyRequests(family, ITEMS[family], firstTs);
    const seen = new Set<string>();
    const total = ITEMS[family].length * 4 + 2;
    for (let i = 0; i < total; i++) {
      const json = JSON.parse(source.nextData()) as Record<string, unknown>;
      expect(json.action).toBe(FAMILY_ACTION[family]);
      const pass = Math.floor(i / ITEMS[family].length);
      expect(json.ts).toBe(String(firstTs + pass * REPORT_INTERVAL_SECONDS));
      const key = `${keyOf(family, json)}@${String(json.ts)}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(source.count).toBe(total);
    // Five passes begun: the next run starts after the fifth.
    expect(source.nextTs).toBe(firstTs + 5 * REPORT_INTERVAL_SECONDS);
  });

  it.each(BENCH_FAMILIES)('%s: our parser reads every request as the intended event', (family) => {
    const source = new FamilyRequests(family, ITEMS[family], 1_700_000_000);
    for (let i = 0; i < ITEMS[family].length; i++) {
      const parsed = parseEvent(source.nextData());
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (parsed.ok) expect(parsed.event.action).toBe(FAMILY_ACTION[family]);
    }
  });

  it('sends a call minute with time equal to ts, as voipServer does', () => {
    const json = JSON.parse(new FamilyRequests('call', ITEMS.call, 1_700_000_000).nextData()) as Record<string, string>;
    expect(json).toEqual({ ts: '1700000000', action: 'AEC_VOIP_USER_PLAYING', userId: '8000000', userId2: '8000001', time: '1700000000' });
  });

  it('gives every join a different joiner until a million', () => {
    const ids = new Set<string>();
    for (let pass = 0; pass < 50; pass++) for (let i = 0; i < 100; i++) ids.add(joinerId(i, pass, 100));
    expect(ids.size).toBe(5000);
  });

  it('reads --families and refuses unknown or empty lists', () => {
    expect(parseFamilies('call,chatroom')).toEqual(['chatroom', 'call']);
    expect(() => parseFamilies('calls')).toThrow(/--families/);
    expect(() => parseFamilies(',')).toThrow(/--families/);
  });

  it('refuses to build requests over no items', () => {
    expect(() => new FamilyRequests('group', [], 1)).toThrow();
  });
});

describe('bench family set-up', () => {
  it.each(BENCH_FAMILIES)('%s: distinct items, each request readable by our parser', (family) => {
    const planned = plannedSetUp(family, 50, 1_700_000_000);
    expect(planned).toHaveLength(50);
    const items = planned.map((p) => p.item(family === 'group' ? '100500' : null));
    if (family !== 'group') expect(new Set(items.map((item) => JSON.stringify(item))).size).toBe(50);
    for (const p of planned) {
      const data = JSON.stringify({ ts: '1700000000', action: p.action, ...Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k, String(v)])) });
      expect(parseEvent(data).ok, data).toBe(true);
    }
  });

  it('takes a group id from the create answer, and none from an empty one', () => {
    const [first] = plannedSetUp('group', 1, 1);
    expect(first?.item('100462')).toEqual(['100462', '2000000']);
    expect(first?.item('')).toBeNull();
    expect(first?.item(null)).toBeNull();
    expect(String(first?.fields.addUsers).split(',')).toHaveLength(GROUP_MEMBERS);
  });

  it('sums a counter over admin rows, ignoring rows without it', () => {
    expect(sumField([{ minutes: 2 }, { minutes: 3 }, {}, null], 'minutes')).toBe(5);
    expect(sumField({ rows: [] }, 'minutes')).toBeNull();
  });
});
