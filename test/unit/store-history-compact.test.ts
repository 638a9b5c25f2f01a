import { describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { TrafficHistory } from '../../server/store';
import { BucketTable } from '../../server/store/history/bucket-table';
import { visitRows, type Page } from '../../server/store/history/bucket-pages';
import { COUNT_MAX, addCountAt, addSumAt, type TableSchema } from '../../server/store/history/bucket-columns';
import { KeySpace } from '../../server/store/history/key-space';
import { ROWS_PER_CHUNK, chunkJSON, tableChunks, tableFromJSON, tableToJSON } from '../../server/store/history/table-codec';

// The history's rows as typed words (bucket-columns.ts): bytes as two words, counts and last
// seen as one. These hold them to what Float64 rows gave: the same numbers, the same file.

const NOW = Date.UTC(2025, 5, 15, 12, 0, 30);
const HOUR = 3_600_000;
const DAY = 86_400_000;

const CHANGES = [
  { op: 'viewerReport', channelId: 'c1', userId: 'alice', at: NOW - 2 * HOUR + 1234, bytes: 5_000_000_000, counted: true },
  { op: 'viewerReport', channelId: 'c1', userId: 'alice', at: NOW - 7, bytes: 2 ** 40 + 3, counted: true },
  { op: 'viewerEnd', channelId: 'c1', userId: 'alice', at: NOW + 1, bytes: 11, why: 'offline' },
  { op: 'uploaderReport', channelId: 'c1', userId: 'bob', at: NOW - 26 * HOUR + 999, counted: true },
  { op: 'uploaderReport', channelId: 'c2', userId: 'bob', at: NOW - 3 * DAY, counted: true },
  { op: 'viewerReport', channelId: 'c2', userId: 'carol', at: NOW - 61_001, bytes: 42, counted: false },
] as Change[];

/** CHANGES as the Float64 rows (before 2026-12-01) wrote them: history format 2. */
const WRITTEN_BEFORE = JSON.parse(
  '{"format":2,"channelMinutes":{"width":3,"chunks":[{"keys":["c1","c2"],"counts":[3,2],"index":{"kind":"u16","min":29162160,"data":"4BBoEMgK3xAAAA=="},"columns":[{"kind":"u8","min":0,"data":"AQEAAAA="},{"kind":"u8","min":0,"data":"AAABAAE="},{"kind":"f64","min":0,"data":"AOAAAAAAcEIAAAAgX6DyQQAAAAAAAAAAAAAAAAAARUAAAAAAAAAAAA=="}]}]},' +
    '"channelHours":{"width":3,"chunks":[{"keys":["c1","c2"],"counts":[3,2],"index":{"kind":"u8","min":486036,"data":"SEYuRwA="},"columns":[{"kind":"u8","min":0,"data":"AQEAAAA="},{"kind":"u8","min":0,"data":"AAABAAE="},{"kind":"f64","min":0,"data":"AOAAAAAAcEIAAAAgX6DyQQAAAAAAAAAAAAAAAAAARUAAAAAAAAAAAA=="}]}]},' +
    '"globalMinutes":[[29166360,5000000000],[29166480,1099511627790],[29166479,42]],"globalHours":[[486106,5000000000],[486108,1099511627790],[486107,42]],' +
    '"userHours":{"width":4,"chunks":[{"keys":["alice","bob","carol"],"counts":[2,2,1],"index":{"kind":"u8","min":486036,"data":"SEYuAEc="},"columns":[{"kind":"f64","min":0,"data":"AOAAAAAAcEIAAAAgX6DyQQAAAAAAAAAAAAAAAAAAAAAAAAAAAABFQA=="},{"kind":"u8","min":0,"data":"AQEAAAA="},{"kind":"u8","min":0,"data":"AAABAQA="},{"kind":"u32","min":1749729630000,"data":"ARRzD9I7BQ/n3t4JAAAAALclcg8="}]}]},' +
    '"userDays":{"width":4,"chunks":[{"keys":["alice","bob","carol"],"counts":[1,2,1],"index":{"kind":"u8","min":20251,"data":"AwIAAw=="},"columns":[{"kind":"f64","min":0,"data":"AOAgX6AScEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAARUA="},{"kind":"u8","min":0,"data":"AgAAAA=="},{"kind":"u8","min":0,"data":"AAEBAA=="},{"kind":"u32","min":1749729630000,"data":"ARRzD+fe3gkAAAAAtyVyDw=="}]}]}}',
) as unknown;

function observed(): TrafficHistory {
  const h = new TrafficHistory();
  for (const c of CHANGES) h.observe(c);
  return h;
}

describe('compact history rows', () => {
  it('writes the same file as the Float64 rows did, and reads theirs to the same numbers', () => {
    expect(JSON.parse(JSON.stringify(observed().toJSON()))).toEqual(WRITTEN_BEFORE);
    const read = TrafficHistory.fromJSON(WRITTEN_BEFORE);
    expect(read.userTotals('24h', NOW)).toEqual([
      { userId: 'alice', bytesWatched: 5_000_000_000 + 2 ** 40 + 3 + 11, minutesWatched: 2, minutesUploaded: 0, lastSeenAt: NOW + 1 },
      { userId: 'carol', bytesWatched: 42, minutesWatched: 0, minutesUploaded: 0, lastSeenAt: NOW - 61_001 },
    ]);
    expect(read.userTotals('7d', NOW).at(-1)).toEqual({ userId: 'bob', bytesWatched: 0, minutesWatched: 0, minutesUploaded: 2, lastSeenAt: NOW - 26 * HOUR + 999 });
    expect(read.channelSeries('c1', '24h', NOW).filter((p) => p.bytes > 0)).toEqual([
      { t: Math.floor((NOW - 2 * HOUR) / HOUR) * HOUR, viewers: 1, uploaders: 0, bytes: 5_000_000_000 },
      { t: Math.floor(NOW / HOUR) * HOUR, viewers: 1, uploaders: 0, bytes: 2 ** 40 + 3 + 11 },
    ]);
    expect(JSON.parse(JSON.stringify(read.toJSON()))).toEqual(WRITTEN_BEFORE);
  });

  it('adds bytes past 2^32 exactly, carrying into the high word', () => {
    const h = new TrafficHistory();
    const at = NOW - 1000;
    let total = 0;
    for (const bytes of [0xffff_ffff, 1, 0xffff_fffe, 3, 2 ** 45 + 7, 123_456_789]) {
      h.observe({ op: 'viewerReport', channelId: 'c', userId: 'u', at, bytes, counted: false } as Change);
      total += bytes;
    }
    expect(h.userTotals('1h', NOW)[0]!.bytesWatched).toBe(total);
    expect(h.bytesInMinute('c', Math.floor(at / 60_000))).toBe(total);
    expect(TrafficHistory.fromJSON(JSON.parse(JSON.stringify(h))).userTotals('90d', NOW)[0]!.bytesWatched).toBe(total);
  });

  it('keeps last seen to the millisecond in hour and day buckets', () => {
    const h = new TrafficHistory();
    const day = Math.floor(NOW / DAY) * DAY;
    for (const at of [day, day + DAY - 1, day + 5 * HOUR + 17]) h.observe({ op: 'uploaderReport', channelId: 'c', userId: 'u', at, counted: true } as Change);
    const back = TrafficHistory.fromJSON(JSON.parse(JSON.stringify(h)));
    expect(back.userTotals('90d', day + DAY - 1)[0]!.lastSeenAt).toBe(day + DAY - 1);
    expect(back.userTotals('1h', day + 5 * HOUR + 30)[0]!.lastSeenAt).toBe(day + 5 * HOUR + 17);
  });

  it('saturates a count at 2^32 - 1 instead of wrapping, from a snapshot or by adding', () => {
    const schema: TableSchema = { columns: ['count', 'sum'], bucketMs: 1 };
    const t = new BucketTable(schema);
    t.putRows('k', [5], [[COUNT_MAX - 1], [2 ** 52]], 0, 1);
    t.putRows('huge', [5], [[2 ** 40], [-3]], 0, 1);
    for (let i = 0; i < 3; i++) {
      const { values, base } = t.bucket('k', 5);
      addCountAt(values, base + t.layout.offsets[0]!, 1);
      addSumAt(values, base + t.layout.offsets[1]!, 1);
    }
    expect([t.get('k', 5, 0), t.get('k', 5, 1)]).toEqual([COUNT_MAX, 2 ** 52 + 3]);
    expect([t.get('huge', 5, 0), t.get('huge', 5, 1)]).toEqual([COUNT_MAX, 0]);
  });

  it('tables sharing keys: a key lives while either table has a row for it', () => {
    const keys = new KeySpace();
    const schema: TableSchema = { columns: ['count'], bucketMs: 1 };
    const hours = new BucketTable(schema, keys);
    const days = new BucketTable(schema, keys);
    hours.bucket('a', 10);
    days.bucket('a', 1);
    hours.bucket('b', 20);
    hours.prune(15);
    expect([hours.size, days.size, hours.has('a'), days.has('a')]).toEqual([1, 1, false, true]);
    expect(keys.find('a')).toBeDefined();
    days.prune(2);
    expect(keys.find('a')).toBeUndefined();
    hours.bucket('c', 30); // takes the freed ordinal
    expect([...tableChunks(hours.capture())].flatMap((c) => c.keys).sort()).toEqual(['b', 'c']);
    expect(tableToJSON(days).chunks).toEqual([]);
  });

  it('a capture holds a small table while its page grows', () => {
    const t = new BucketTable({ columns: ['count'], bucketMs: 1 });
    for (let i = 0; i < 100; i++) t.bucket(`k${i}`, 1);
    const before = tableToJSON(t);
    const capture = t.capture();
    for (let i = 0; i < 5000; i++) {
      const { values, base } = t.bucket(`k${i % 300}`, 1 + Math.floor(i / 300));
      addCountAt(values, base + t.layout.offsets[0]!, 1);
    }
    expect({ width: 1, chunks: [...tableChunks(capture)] }).toEqual(before);
    capture.release();
    expect(t.get('k299', 16, 0)).toBe(1);
  });

  it('ends a chunk of a snapshot after the key that fills it, so a slice stays small with many rows per key', () => {
    const schema: TableSchema = { columns: ['count'], bucketMs: 1 };
    const t = new BucketTable(schema);
    for (let k = 0; k < 10; k++) for (let i = 0; i < 1500; i++) t.bucket(`channel${k}`, i);
    const json = tableToJSON(t);
    const rows = json.chunks.map((c) => c.counts.reduce((a, b) => a + b, 0));
    expect(Math.max(...rows)).toBeLessThan(ROWS_PER_CHUNK + 1500);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(15_000);
    const copy = new BucketTable(schema);
    tableFromJSON(JSON.parse(JSON.stringify(json)), copy);
    expect(tableToJSON(copy)).toEqual(json);
  });

  it('writes a chunk exactly as JSON.stringify would, whatever its keys and numbers', () => {
    const t = new BucketTable({ columns: ['sum', 'count', 'latest'], bucketMs: 1000 });
    const keys = ['plain', 'quote"d', 'back\\slash', '__proto__', 'új 文字', 'line\nbreak', '\u0000'];
    keys.forEach((key, k) => {
      t.putRows(key, [-5 - k, -7 - k], [[2 ** 40 + k, 0.5], [k, 70_000], [(-5 - k) * 1000 + 999, (-7 - k) * 1000]], 0, 2);
    });
    const chunks = [...tableChunks(t.capture(), 3)];
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) expect(chunkJSON(chunk)).toBe(JSON.stringify(chunk));
  });

  it('loads each key with its newest row on pages of their own, so the current bucket of every key is on few pages', () => {
    const schema: TableSchema = { columns: ['count'], bucketMs: 1 };
    const source = new BucketTable(schema);
    for (let i = 0; i < 24; i++) for (let k = 0; k < 5000; k++) source.bucket(`u${k}`, 100 + i);
    const t = new BucketTable(schema);
    tableFromJSON(JSON.parse(JSON.stringify(tableToJSON(source))), t);
    expect(tableToJSON(t)).toEqual(tableToJSON(source));
    const capture = t.capture();
    const newest = new Set<Page>();
    const older = new Set<Page>();
    for (let ordinal = 0; ordinal < capture.keys.length; ordinal++) {
      visitRows(capture, ordinal, 123, 123, (_i, page) => newest.add(page));
      visitRows(capture, ordinal, 0, 122, (_i, page) => older.add(page));
    }
    capture.release();
    expect(newest.size).toBe(1);
    expect([...newest].some((page) => older.has(page))).toBe(false);
  });
});
