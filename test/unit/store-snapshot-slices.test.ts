import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyChange, emptyState } from '../../server/domain';
import type { Change, Channel, State } from '../../server/domain';
import { CallHistory, SnapshotCaptures, TrafficHistory, encodeSnapshot, isSnapshotData, openDataStore, stateFromJson, type SnapshotData } from '../../server/store';
import { JsonText } from '../../server/store/json-text';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 30);
const MIN = 60_000;
const HOUR = 3_600_000;

function channel(id: string): Channel {
  return { id, type: 'GLOBAL_PUBLIC', capacity: 0, createdAt: NOW, lifecycle: 'open', adopted: false, grantedUploaders: [], bytes: 0, lastEventAt: NOW };
}
const report = (c: string, u: string, at: number, bytes = 1000): Change => ({ op: 'viewerReport', channelId: c, userId: u, at, bytes, ts: Math.floor(at / 1000), counted: true });
const end = (c: string, u: string, at: number): Change => ({ op: 'viewerEnd', channelId: c, userId: u, at, bytes: 5, why: 'offline' });

/** The live core's way of applying a change: captures first, then the state, then the history. */
class Core {
  state: State = emptyState();
  history = new TrafficHistory();
  calls = new CallHistory();
  captures = new SnapshotCaptures();
  apply(change: Change): void {
    this.captures.beforeApply(change);
    applyChange(this.state, change);
    this.history.observe(change);
    this.calls.observe(change);
  }
  atOnce(): unknown {
    return JSON.parse(JSON.stringify(encodeSnapshot(this.state, this.history, this.calls)));
  }
}

/** 8,000 sessions over 8 channels with a few hours of history: many pieces per part. */
function busyCore(): Core {
  const core = new Core();
  for (let c = 0; c < 8; c++) core.apply({ op: 'createChannel', channel: channel(`c${c}`) });
  for (let h = 3; h >= 0; h--) for (let u = 0; u < 8000; u++) core.apply(report(`c${u % 8}`, `u${u}`, NOW - h * HOUR - (u % 50) * MIN));
  core.apply({ op: 'uploaderReport', channelId: 'c0', userId: 'host', at: NOW, counted: true });
  return core;
}

/** Changes of every kind that touch sessions, users and history while the snapshot is written. */
function meanwhile(core: Core, round: number): void {
  const at = NOW + (round + 1) * 1000;
  core.apply(report('c1', `u${round * 7}`, at, 999)); // changes a session not written yet, or written
  core.apply(report('c2', `u${7999 - round * 5}`, at, 77));
  core.apply(end(`c${(round * 3) % 8}`, `u${round * 3}`, at)); // removes one
  core.apply(report('c3', `new${round}`, at, 11)); // a new session and user
  core.apply(report(`c${(round * 3) % 8}`, `u${round * 3}`, at + 1, 5)); // re-creates the removed one
  core.apply({ op: 'kickViewer', channelId: 'c4', userId: `u${4 + round * 8}`, at });
  core.apply({ op: 'uploaderReport', channelId: 'c0', userId: 'host', at, counted: true });
  if (round === 3) core.history.prune(NOW, { minuteHours: 2, userHourHours: 2 });
}

function sorted(data: SnapshotData): SnapshotData {
  const byKey = (a: unknown[], b: unknown[]): number => (`${a[0]}\0${a[1]}` < `${b[0]}\0${b[1]}` ? -1 : 1);
  return { ...data, state: { ...data.state, sessions: [...data.state.sessions].sort(byKey), users: [...data.state.users].sort(byKey) } };
}

describe('a snapshot written in slices', () => {
  it('is exactly the state at its capture, whatever changes while its pieces are written', () => {
    const core = busyCore();
    const expected = core.atOnce();
    const text = core.captures.capture(core.state, core.history, core.calls);
    const pieces: string[] = [];
    let round = 0;
    for (const piece of text.pieces()) {
      if (typeof piece === 'string') pieces.push(piece);
      meanwhile(core, round++);
    }
    text.release();
    expect(round).toBeGreaterThan(20);
    const written = JSON.parse(pieces.join('')) as SnapshotData;
    // A row changed meanwhile may come later in its list than at the capture: the same rows.
    expect(sorted(written)).toEqual(sorted(expected as SnapshotData));
    expect(isSnapshotData(written)).toBe(true);
    expect(core.atOnce()).not.toEqual(expected);
    // And it loads back into the same state and history.
    expect(stateFromJson(written.state)).toEqual(stateFromJson((expected as SnapshotData).state));
    expect(TrafficHistory.fromJSON(written.history).userTotals('24h', NOW)).toEqual(TrafficHistory.fromJSON((expected as SnapshotData).history).userTotals('24h', NOW));
  });

  it('lands in the data folder tagged with the seq of its capture, and opens as the newest snapshot', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aec-slices-'));
    try {
      const core = busyCore();
      const store = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
      await store.append([report('c0', 'u0', NOW)], NOW);
      const expected = core.atOnce();
      const saving = store.saveSnapshotText(() => core.captures.capture(core.state, core.history, core.calls));
      // Journaled while the snapshot is being written: after its seq, so left to the journal.
      const later = report('c5', 'late', NOW + 5000);
      core.apply(later);
      await store.append([later], NOW + 5000);
      await saving;
      await store.close();
      const reopened = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
      expect(reopened.restored.seq).toBe(1);
      // The history is read after start: it comes back as its text, unparsed.
      const restored = reopened.restored.data!;
      expect(restored.history).toBeInstanceOf(JsonText);
      expect({ ...restored, history: (restored.history as unknown as JsonText).parse() }).toEqual(expected);
      expect(reopened.restored.tail.map((r) => r.changes)).toEqual([[later]]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
