// What the live stream sends after a change (server/http/admin/stream-deltas.ts, stream-hub.ts):
// a row whole the first time, then only the fields that changed, removals by id, the summary
// whole once and then only what changed, numbered so that a page can tell it missed one.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelRow, StreamEvents, Summary } from '../../server/contract';
import { mergePatch } from '../../server/contract';
import { patchOf, rowChanges, SentRows, SentSummary } from '../../server/http/admin/stream-deltas';
import { StreamHub, type StreamSources } from '../../server/http/admin/stream-hub';

type Row = { id: string; viewers: number; bytes: number; name: string | null; tags?: string[] };
const row = (id: string, patch: Partial<Row> = {}): Row => ({ id, viewers: 0, bytes: 0, name: 'show', ...patch });

describe('row deltas', () => {
  it('lists only the fields that changed, with the id; nothing when nothing did', () => {
    expect(rowChanges(row('a'), row('a', { viewers: 3, bytes: 10 }))).toEqual({ id: 'a', viewers: 3, bytes: 10 });
    expect(rowChanges(row('a', { tags: ['x'] }), row('a', { tags: ['x'] }))).toBeNull();
    expect(rowChanges(row('a', { tags: ['x'] }), row('a', { tags: ['y'] }))).toEqual({ id: 'a', tags: ['y'] });
    expect(rowChanges(row('a', { name: 'x' }), row('a', { name: null }))).toEqual({ id: 'a', name: null });
  });

  it('sends a row whole when a field went away (a change cannot say so)', () => {
    expect(rowChanges(row('a', { tags: ['x'] }), row('a'))).toBe('whole');
  });

  it('sends a row whole the first time, then its changes, then its removal; numbered one after the other', () => {
    const sent = new SentRows<Row>();
    expect(sent.update(['a'], [row('a')])).toEqual({ seq: 1, rows: [row('a')] });
    expect(sent.update(['a'], [row('a', { viewers: 2 })])).toEqual({ seq: 2, changed: [{ id: 'a', viewers: 2 }] });
    expect(sent.update(['a'], [row('a', { viewers: 2 })])).toBeNull();
    expect(sent.update(['a', 'b'], [row('b')])).toEqual({ seq: 3, rows: [row('b')], removed: ['a'] });
    // An id announced that nobody held and that does not exist: nothing to say.
    expect(sent.update(['zz'], [])).toBeNull();
    expect(sent.seq).toBe(3);
  });

  it('reconciles the followers with every row: unannounced changes and rows gone', () => {
    const sent = new SentRows<Row>();
    sent.reset([row('a'), row('b')]);
    expect(sent.reconcile([row('a', { bytes: 5 }), row('c')])).toEqual({ seq: 1, rows: [row('c')], changed: [{ id: 'a', bytes: 5 }], removed: ['b'] });
    expect(sent.reconcile([row('a', { bytes: 5 }), row('c')])).toBeNull();
  });
});

describe('summary patches', () => {
  const summary = { now: 1, version: '1.0', channels: { total: 2, live: 1 }, lines: ['x'], upstream: null as { ok: boolean; url: string } | null };

  it('lists only what changed, nested objects field by field, arrays and objects that were null whole', () => {
    expect(patchOf(summary, { ...summary, now: 2, channels: { total: 2, live: 0 } })).toEqual({ now: 2, channels: { live: 0 } });
    expect(patchOf(summary, { ...summary, lines: ['x', 'y'], upstream: { ok: true, url: 'u' } })).toEqual({ lines: ['x', 'y'], upstream: { ok: true, url: 'u' } });
    expect(patchOf(summary, { ...summary })).toBeUndefined();
  });

  it('merges back to the summary it was made from', () => {
    const next: typeof summary = { ...summary, now: 9, channels: { total: 3, live: 1 }, upstream: { ok: false, url: 'u' } };
    expect(mergePatch(summary, patchOf(summary, next)!)).toEqual(next);
    const after: typeof summary = { ...next, upstream: null };
    expect(mergePatch(next, patchOf(next, after)!)).toEqual(after);
  });

  it('sends nothing until pages hold a summary, then numbered patches', () => {
    const sent = new SentSummary<typeof summary>();
    expect(sent.update(summary)).toBeNull();
    expect(sent.update({ ...summary, now: 2 })).toEqual({ seq: 1, changes: { now: 2 } });
    expect(sent.update({ ...summary, now: 2 })).toBeNull();
  });
});

/** A hub over rows the test changes, and what each client reads. */
function hubOver(rows: Map<string, ChannelRow>) {
  let summary = { now: 1, version: '1.0', channels: { total: rows.size, live: 0, closing: 0 } } as unknown as Summary;
  const sources: StreamSources = {
    summary: () => summary,
    bans: () => [],
    topics: {
      channels: { rows: (ids) => [...ids].flatMap((id) => (rows.has(id) ? [rows.get(id)!] : [])), all: () => [...rows.values()] },
      chatrooms: { rows: () => [], all: () => [] },
      groups: { rows: () => [], all: () => [] },
      calls: { rows: () => [], all: () => [] },
    },
  };
  const hub = new StreamHub(sources);
  const read = (stream: PassThrough) => {
    const messages: { event: string; data: unknown }[] = [];
    stream.on('data', (chunk: Buffer) => {
      for (const block of chunk.toString().split('\n\n')) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) messages.push({ event, data: JSON.parse(data) as unknown });
      }
    });
    return messages;
  };
  return { hub, read, setSummary: (next: Partial<Summary>) => (summary = { ...summary, ...next }) };
}

const channel = (id: string, patch: Partial<ChannelRow> = {}): ChannelRow =>
  ({ id, type: 'LOGIN_PUBLIC', owner: 'u1', name: null, roomId: null, groupId: null, listType: null, state: 'live', lifecycle: 'open', adopted: false, viewers: 0, uploaders: 1, capacity: 100, bytes: 0, bytesLastMinute: 0, createdAt: 1, liveSince: 1, closedBy: null, closeRequestedAt: null, lastEventAt: 1, ...patch }) as ChannelRow;

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the stream hub', () => {
  let stop = (): void => {};
  afterEach(() => stop());

  it('after the snapshot, sends a changed channel as its changed fields only', async () => {
    const rows = new Map([['c1', channel('c1')]]);
    const { hub, read } = hubOver(rows);
    stop = () => hub.stop();
    const messages = read(hub.open(new Set(['channels'])));
    rows.set('c1', channel('c1', { viewers: 4, lastEventAt: 2 }));
    hub.rowsChanged('channels', ['c1']);
    hub.flush();
    rows.delete('c1');
    rows.set('c2', channel('c2'));
    hub.rowsChanged('channels', ['c1', 'c2']);
    hub.flush();
    await tick();
    const snapshot = messages[0]!.data as StreamEvents['snapshot'];
    expect(snapshot.channels).toEqual([channel('c1')]);
    expect(snapshot.seq).toEqual({ summary: 0, channels: 0 });
    expect(messages.filter((m) => m.event === 'channels').map((m) => m.data)).toEqual([
      { seq: 1, changed: [{ id: 'c1', viewers: 4, lastEventAt: 2 }] },
      { seq: 2, rows: [channel('c2')], removed: ['c1'] },
    ]);
  });

  it('a page joining later gets every row whole; the pages already open get what it holds first, so one delta fits all', async () => {
    const rows = new Map([['c1', channel('c1')]]);
    const { hub, read } = hubOver(rows);
    stop = () => hub.stop();
    const first = read(hub.open(new Set(['channels'])));
    // A change not announced yet (it will be at the next flush) when the second page joins.
    rows.set('c1', channel('c1', { bytes: 100 }));
    const second = read(hub.open(new Set(['channels'])));
    hub.rowsChanged('channels', ['c1']);
    hub.flush();
    rows.set('c1', channel('c1', { bytes: 200 }));
    hub.rowsChanged('channels', ['c1']);
    hub.flush();
    await tick();
    expect(first.filter((m) => m.event === 'channels').map((m) => m.data)).toEqual([
      { seq: 1, changed: [{ id: 'c1', bytes: 100 }] },
      { seq: 2, changed: [{ id: 'c1', bytes: 200 }] },
    ]);
    const snapshot = second[0]!.data as StreamEvents['snapshot'];
    expect(snapshot.channels).toEqual([channel('c1', { bytes: 100 })]);
    expect(snapshot.seq.channels).toBe(1);
    expect(second.filter((m) => m.event === 'channels').map((m) => m.data)).toEqual([{ seq: 2, changed: [{ id: 'c1', bytes: 200 }] }]);
  });

  it('sends the summary whole once, then only the fields that changed', async () => {
    vi.useFakeTimers();
    const { hub, read, setSummary } = hubOver(new Map());
    stop = () => {
      hub.stop();
      vi.useRealTimers();
    };
    hub.start();
    const messages = read(hub.open(new Set()));
    setSummary({ now: 2, channels: { total: 0, live: 1, closing: 0 } });
    vi.advanceTimersByTime(2_000); // two summary ticks: the second has nothing new to say
    vi.useRealTimers();
    await tick();
    expect((messages[0]!.data as StreamEvents['snapshot']).summary).toMatchObject({ version: '1.0', now: 1 });
    expect(messages.filter((m) => m.event === 'summaryChanges').map((m) => m.data)).toEqual([{ seq: 1, changes: { now: 2, channels: { live: 1 } } }]);
  });
});
