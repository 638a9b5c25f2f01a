// The dashboard's side of the stream's deltas: rows and the summary merged (server/contract/
// stream-merge.ts, the stores), and a missed message leading to a new connection, whose
// snapshot brings everything whole again (renderer/src/api/stream.ts).
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelRow, StreamEvents, Summary } from '../../server/contract';
import { mergePatch, mergeRows } from '../../server/contract';
import { StreamSequence } from '../../renderer/src/lib/streamSequence';

type Row = { id: string; viewers: number; bytes: number };

describe('merging deltas', () => {
  it('adds new rows whole, lays changed fields over a new object, drops removed ones', () => {
    const first = { id: 'a', viewers: 1, bytes: 10 };
    const held = new Map<string, Row>([['a', first], ['b', { id: 'b', viewers: 0, bytes: 0 }]]);
    const result = mergeRows(held, { seq: 1, rows: [{ id: 'c', viewers: 5, bytes: 0 }], changed: [{ id: 'a', viewers: 2 }], removed: ['b'] });
    expect(result).toEqual({ touched: ['c', 'a'], fitted: true });
    expect([...held.values()]).toEqual([{ id: 'a', viewers: 2, bytes: 10 }, { id: 'c', viewers: 5, bytes: 0 }]);
    expect(held.get('a')).not.toBe(first);
    expect(first.viewers).toBe(1);
  });

  it('says so when a change is for a row it does not hold (a message was missed)', () => {
    const held = new Map<string, Row>();
    expect(mergeRows(held, { seq: 1, changed: [{ id: 'a', viewers: 2 }] }).fitted).toBe(false);
    expect(held.size).toBe(0);
  });

  it('merges a summary patch field by field, replacing arrays and nulls whole', () => {
    const summary = { now: 1, channels: { total: 2, live: 1 }, lines: ['x'], upstream: { ok: true, url: 'u' } as { ok: boolean; url: string } | null };
    expect(mergePatch(summary, { now: 2, channels: { live: 0 }, lines: ['y'] })).toEqual({ now: 2, channels: { total: 2, live: 0 }, lines: ['y'], upstream: { ok: true, url: 'u' } });
    expect(mergePatch(summary, { upstream: null }).upstream).toBeNull();
    expect(summary.channels.live).toBe(1);
  });

  it('accepts each part’s numbers one after the other from the snapshot, and nothing for a part it does not follow', () => {
    const sequence = new StreamSequence();
    sequence.start({ summary: 4, channels: 0 });
    expect(sequence.accept('summary', 5)).toBe(true);
    expect(sequence.accept('channels', 1)).toBe(true);
    expect(sequence.accept('channels', 3)).toBe(false);
    expect(sequence.accept('calls', 1)).toBe(false);
  });
});

/** An EventSource the test speaks through. */
class FakeEventSource {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 1;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, (event: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(name: string, listener: (event: { data: string }) => void): void {
    this.listeners.set(name, listener);
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
  send<K extends keyof StreamEvents>(name: K, data: StreamEvents[K]): void {
    this.listeners.get(name)?.({ data: JSON.stringify(data) });
  }
}

const channel = (id: string, patch: Partial<ChannelRow> = {}): ChannelRow =>
  ({ id, type: 'LOGIN_PUBLIC', owner: 'u1', name: null, roomId: null, groupId: null, listType: null, state: 'live', lifecycle: 'open', adopted: false, viewers: 0, uploaders: 1, capacity: 100, bytes: 0, bytesLastMinute: 0, createdAt: 1, liveSince: 1, closedBy: null, closeRequestedAt: null, lastEventAt: 1, ...patch }) as ChannelRow;
const summary = { now: 1000, version: '1.0', viewers: 0, channels: { total: 1, live: 1, closing: 0 } } as unknown as Summary;

describe('the dashboard’s stream client', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal('window', {});
    setActivePinia(createPinia());
  });
  afterEach(async () => {
    (await import('../../renderer/src/api/stream')).disconnectStream();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('merges deltas into the rows and the summary', async () => {
    const { connectStream } = await import('../../renderer/src/api/stream');
    const { useOverviewStore } = await import('../../renderer/src/stores/overview');
    connectStream();
    const es = FakeEventSource.opened[0]!;
    es.send('snapshot', { summary, channels: [channel('c1')], seq: { summary: 7, channels: 3 } });
    es.send('channels', { seq: 4, changed: [{ id: 'c1', viewers: 9 }], rows: [channel('c2')] });
    es.send('summaryChanges', { seq: 8, changes: { viewers: 9, channels: { total: 2 } } });
    const overview = useOverviewStore();
    expect(overview.channel('c1')).toEqual(channel('c1', { viewers: 9 }));
    expect(overview.channel('c2')).toEqual(channel('c2'));
    expect(overview.summary).toEqual({ ...summary, viewers: 9, channels: { total: 2, live: 1, closing: 0 } });
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('after a missed delta, reconnects and takes the new snapshot whole', async () => {
    const { connectStream } = await import('../../renderer/src/api/stream');
    const { useOverviewStore } = await import('../../renderer/src/stores/overview');
    connectStream();
    const first = FakeEventSource.opened[0]!;
    first.send('snapshot', { summary, channels: [channel('c1')], seq: { summary: 0, channels: 0 } });
    first.send('channels', { seq: 2, changed: [{ id: 'c1', viewers: 9 }] }); // seq 1 never came
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.opened).toHaveLength(2);
    const overview = useOverviewStore();
    // The delta that did not follow was not applied...
    expect(overview.channel('c1')?.viewers).toBe(0);
    // ...and what the old connection still brings is ignored.
    first.send('channels', { seq: 3, changed: [{ id: 'c1', viewers: 1 }] });
    const second = FakeEventSource.opened[1]!;
    second.send('snapshot', { summary, channels: [channel('c1', { viewers: 12 })], seq: { summary: 5, channels: 40 } });
    second.send('channels', { seq: 41, changed: [{ id: 'c1', bytes: 5 }] });
    expect(overview.channel('c1')).toEqual(channel('c1', { viewers: 12, bytes: 5 }));
    expect(FakeEventSource.opened).toHaveLength(2);
  });

  it('a change to a row it does not hold also means a resync', async () => {
    const { connectStream } = await import('../../renderer/src/api/stream');
    connectStream();
    const es = FakeEventSource.opened[0]!;
    es.send('snapshot', { summary, channels: [], seq: { summary: 0, channels: 0 } });
    es.send('channels', { seq: 1, changed: [{ id: 'ghost', viewers: 1 }] });
    expect(FakeEventSource.opened).toHaveLength(2);
  });
});
