// The audit line format gives back exactly what was recorded, whatever the ids and reasons hold,
// and a scan that steps over lines unparsed still reads the ones after them right.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditDecision, AuditEntry } from '../../server/contract';
import { AuditDecoder, AuditEncoder } from '../../server/store/audit/audit-codec';

// Short alphabets with the awkward characters, so ids often occur in each other and in reasons.
const awkward = fc.string({ unit: fc.constantFrom('1', '9', 'W', '@', '$', '&', '\u0001', '\u0002', '"', '\\', 'é', '😀'), maxLength: 6 });
const id = fc.oneof(fc.constant(null), awkward, fc.constantFrom('900001', 'Wz@NWuVj8Tx5aa4a'));

const entryArb = fc
  .record({
    step: fc.integer({ min: 1, max: 3 }),
    at: fc.oneof(fc.integer({ min: 0, max: 2 ** 42 }), fc.double({ min: 0, max: 2 ** 42, noNaN: true })),
    action: fc.constantFrom('AEC_LIVE_USER_PLAYING', 'operator:kick', 'refused:size', ''),
    channelId: id,
    userId: id,
    decision: fc.constantFrom<AuditDecision>('allow', 'deny', 'operator', 'error'),
    code: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 20000 })),
    parts: fc.array(fc.oneof(awkward, fc.constantFrom('viewer ', ' playing on ', '$&', '$1', '$$')), { maxLength: 6 }),
    latencyMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    raw: fc.oneof(fc.constant(null), fc.string()),
    remote: fc.oneof(fc.constant(null), fc.constant('192.168.1.20')),
  })
  .map(({ step, parts, ...e }) => ({ step, e, parts }));

function build(items: { step: number; e: Omit<AuditEntry, 'id' | 'reason'>; parts: string[] }[]): AuditEntry[] {
  let next = 0;
  return items.map(({ step, e, parts }) => {
    next += step;
    // Reasons written the way the domain writes them: the entry's own ids inside free text.
    const reason = parts.map((p, i) => (i % 3 === 1 ? (e.userId ?? p) : i % 3 === 2 ? (e.channelId ?? p) : p)).join('');
    return { id: next, ...e, reason };
  });
}

describe('audit line format', () => {
  it('decodes every line to the entry that was encoded', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (items) => {
        const entries = build(items);
        const encoder = new AuditEncoder();
        const lines = [encoder.header(), ...entries.map((e) => encoder.line(e))];
        const decoder = new AuditDecoder();
        const back = lines.map((l) => decoder.line(l)).filter((e) => e !== null);
        expect(back).toEqual(entries);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the lines after skipped ones right', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (items, skips) => {
        const entries = build(items);
        const encoder = new AuditEncoder();
        const lines = entries.map((e) => encoder.line(e));
        const decoder = new AuditDecoder();
        lines.forEach((line, i) => {
          if (skips[i]) decoder.skip(line);
          else expect(decoder.line(line)).toEqual(entries[i]);
        });
      }),
      { numRuns: 300 },
    );
  });
});
