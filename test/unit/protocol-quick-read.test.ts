// The quick reading of the frequent actions must accept exactly what their zod schemas accept
// and build the very same event; anything else it must leave to zod.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Action, ACTION_NAMES } from '../../server/contract';
import { id } from '../../server/protocol/fields';
import { quickEvent, quickId } from '../../server/protocol/quick-read';
import { schemaFor } from '../../server/protocol/schemas';

/** Every action with a schema: an action read quickly must read as its schema reads it, whichever it is. */
const SCHEMA_ACTIONS = ACTION_NAMES.filter((action) => schemaFor(action) !== undefined);

/** Values a media server, a tool or a fuzzer might put in a field. */
const fieldValue = fc.oneof(
  fc.constantFrom('viewer-1', ' ch 7 ', '', '   ', '12345678', ' 42 ', '-3', '+5', '1.5', '1e3', '0x10', 'ab\u0001c', 'a\ud800b', '\u00e9t\u00e9', 'x'.repeat(128), 'x'.repeat(129), '10000000000000', '10000000000001'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, -0, 42, 1.5, 1e13, 1e13 + 1, 2 ** 53, 1e20, Number.MAX_SAFE_INTEGER, NaN),
  fc.constantFrom(null, true, [], {}, ['a'], { a: 1 }),
);

const payload = fc.record(
  {
    channelId: fieldValue,
    userId: fieldValue,
    userId2: fieldValue,
    hangupUserId: fieldValue,
    discharge: fieldValue,
    time: fieldValue,
    extra: fieldValue,
  },
  { requiredKeys: [] },
);

describe('quick reading of the frequent actions', () => {
  it('accepts what zod accepts, builds the same event, and leaves the rest to zod', () => {
    let quickly = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMA_ACTIONS), payload, (action, json) => {
        const zod = schemaFor(action)!.safeParse({ action, ...json });
        const quick = quickEvent(action, json as Record<string, unknown>);
        if (!zod.success) {
          refused += 1;
          expect(quick).toBeUndefined();
          return;
        }
        if (quick === undefined) return;
        quickly += 1;
        expect(quick).toStrictEqual(zod.data);
      }),
      { numRuns: 6000 },
    );
    // Both sides of the comparison were exercised.
    expect(quickly).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('reads an id exactly as the id field does', () => {
    fc.assert(
      fc.property(fieldValue, (value) => {
        const zod = id.safeParse(value);
        expect(quickId(value)).toStrictEqual(zod.success ? zod.data : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the ordinary 2.9.6 report quickly', () => {
    const json = { action: Action.AEC_LIVE_USER_PLAYING, ts: '1764600000', userId: 'viewer-1', channelId: 'ch-1', time: '1764600000', discharge: '12345678' };
    expect(quickEvent(Action.AEC_LIVE_USER_PLAYING, json)).toStrictEqual({
      kind: 'userPlaying',
      action: Action.AEC_LIVE_USER_PLAYING,
      channelId: 'ch-1',
      userId: 'viewer-1',
      discharge: 12345678,
      time: 1764600000,
    });
  });
});
