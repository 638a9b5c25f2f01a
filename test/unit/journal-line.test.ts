import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { Journal } from '../../server/store';
import { journalLine } from '../../server/store/journal/journal-line';
import type { JournalRecord } from '../../server/store/types';
import { ev, World } from './domain-helpers';

const generic = (record: JournalRecord): string => `${JSON.stringify(record)}\n`;

/** The viewer reports the domain itself decides: the records the journal writes most. */
function domainReports(): Change[] {
  const world = new World();
  world.send(ev.create('GLOBAL_PUBLIC', 'ch-7', 'host'));
  const changes: Change[] = [];
  changes.push(...world.send(ev.user('userOnline', 'ch-7', '5000001')).changes);
  world.advance(60);
  changes.push(...world.send(ev.playing('ch-7', '5000001', 12_345_678, 1_764_600_000)).changes);
  world.advance(60);
  changes.push(...world.send(ev.playing('ch-7', '5000002', 0)).changes);
  world.advance(60);
  changes.push(...world.send(ev.playing('ch-7', '5000001', 7_500_000, 1_764_600_060)).changes);
  return changes;
}

describe('journal line of a viewer report', () => {
  it('is the text JSON.stringify makes of the record, for every report the domain decides', () => {
    const reports = domainReports();
    expect(reports.filter((c) => c.op === 'viewerReport')).toHaveLength(4);
    for (const [i, change] of reports.entries()) {
      const record: JournalRecord = { seq: 1_000_000 + i, at: 1_764_600_000_123 + i, changes: [change] };
      expect(journalLine(record)).toBe(generic(record));
    }
  });

  it('is the generic text for any ids, numbers and flags, including those it leaves to JSON.stringify', () => {
    const id = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('a"b', 'a\\b', 'a\u0001b', '\u00e9', 'a\ud800b', '5000001'));
    const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, 1e21, 1.5e-7));
    const report = fc.record(
      { channelId: id, userId: id, at: num, bytes: num, counted: fc.boolean(), ts: fc.option(num, { nil: undefined }) },
      { requiredKeys: ['channelId', 'userId', 'at', 'bytes', 'counted'] },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1 }), num, report, (seq, at, r) => {
        const change = { op: 'viewerReport', channelId: r.channelId, userId: r.userId, at: r.at, bytes: r.bytes, counted: r.counted, ...('ts' in r ? { ts: r.ts } : {}) } as Change;
        const record: JournalRecord = { seq, at, changes: [change] };
        expect(journalLine(record)).toBe(generic(record));
      }),
    );
  });

  it('leaves other records, several changes and reports in another key order to JSON.stringify', () => {
    const report = { op: 'viewerReport', channelId: 'c', userId: 'u', at: 1, bytes: 2, counted: true, ts: 3 } as Change;
    const reordered = { op: 'viewerReport', userId: 'u', channelId: 'c', at: 1, bytes: 2, counted: true } as Change;
    const withExtra = { ...report, extra: 1 } as unknown as Change;
    const records: JournalRecord[] = [
      { seq: 1, at: 5, changes: [] },
      { seq: 2, at: 5, changes: [report, report] },
      { seq: 3, at: 5, changes: [reordered] },
      { seq: 4, at: 5, changes: [withExtra] },
      { seq: 5, at: 5, changes: [{ op: 'liftBan', userId: 'u', at: 5 }] },
      { seq: 6, at: 5, changes: [{ ...report, ts: undefined } as Change] },
    ];
    for (const record of records) expect(journalLine(record)).toBe(generic(record));
  });
});

describe('journal of viewer reports, read back', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aec-journal-line-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replays every record as it was appended', async () => {
    const reports = domainReports();
    const { journal } = await Journal.open(dir);
    const appended: JournalRecord[] = [];
    for (const [i, change] of reports.entries()) appended.push(await journal.append([change], 1_764_600_000_000 + i));
    await journal.close();
    const reopened = await Journal.open(dir);
    await reopened.journal.close();
    expect(reopened.records).toEqual(appended);
  });
});
