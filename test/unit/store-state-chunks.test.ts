// Viewer sessions and user totals as chunks of packed columns (state-codec format 2), and the
// format before it (one row per session and user), which snapshots already on disk still hold.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChange, emptyState, type Change, type Channel, type State } from '../../server/domain';
import { CallHistory, TrafficHistory, isSnapshotData, openDataStore, stateFromJson, stateToJson, type SnapshotData, type StateJson } from '../../server/store';
import { ROWS_PER_CHUNK } from '../../server/store/snapshot/row-chunks';
import { StateCapture } from '../../server/store/snapshot/state-capture';
import { restoreState } from '../../server/core/restore';
import { removeDir, tempDataDir } from '../support/harness';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 30);

function channel(id: string): Channel {
  return { id, type: 'GLOBAL_PUBLIC', capacity: 0, createdAt: NOW, lifecycle: 'open', adopted: false, grantedUploaders: [], bytes: 0, lastEventAt: NOW };
}

/** More sessions than one chunk holds, over several channels, some kicked, some without a ts. */
function bigState(sessions = ROWS_PER_CHUNK * 2 + 17): State {
  const state = emptyState();
  const apply = (change: Change): void => applyChange(state, change);
  for (let c = 0; c < 5; c++) apply({ op: 'createChannel', channel: channel(`c${c}`) });
  for (let u = 0; u < sessions; u++) {
    const at = NOW + u * 1000;
    const report: Change = { op: 'viewerReport', channelId: `c${u % 5}`, userId: `user-${u}`, at, bytes: u * 7919 + 0.5, counted: true };
    apply(u % 3 === 0 ? report : { ...report, ts: Math.floor(at / 1000) });
    if (u % 11 === 0) apply({ op: 'kickViewer', channelId: `c${u % 5}`, userId: `user-${u}`, at });
  }
  apply({ op: 'uploaderReport', channelId: 'c0', userId: 'host', at: NOW, counted: true });
  return state;
}

/** The state as the format before chunks wrote it: one JSON array per session and per user. */
function formatOne(state: State): StateJson {
  const json = JSON.parse(JSON.stringify(stateToJson(state))) as StateJson;
  json.sessions = [];
  for (const byUser of state.sessions.values()) {
    for (const s of byUser.values()) json.sessions.push([s.channelId, s.userId, s.since, s.lastReportAt, s.bytes, s.reports, s.lastReportTs ?? null, s.kicked ? 1 : 0]);
  }
  json.users = [...state.users.values()].map((u) => [u.userId, u.bytesWatched, u.minutesWatched, u.minutesUploaded, u.lastSeenAt]);
  return json;
}

const through = (json: StateJson): StateJson => JSON.parse(JSON.stringify(json)) as StateJson;
const snapshotOf = (state: StateJson): SnapshotData => ({ state, history: new TrafficHistory().toJSON(), calls: new CallHistory().toJSON() });

let dir: string | undefined;
afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = undefined;
});

describe('sessions and user totals in chunks', () => {
  it('are written as chunks and read back into the same state, fractions, kicks and missing ts included', () => {
    const state = bigState();
    const json = through(stateToJson(state));
    expect(json.sessions).toHaveLength(3);
    expect(json.users).toHaveLength(3);
    expect(isSnapshotData(snapshotOf(json))).toBe(true);
    expect(stateFromJson(json)).toStrictEqual(state);
  });

  it('the same data read twice gives two states that share nothing', () => {
    const json = through(stateToJson(bigState(10)));
    expect(isSnapshotData(snapshotOf(json))).toBe(true);
    const a = stateFromJson(json);
    const b = stateFromJson(json);
    expect(a).toStrictEqual(b);
    a.sessions.get('c0')!.get('user-0')!.bytes += 1;
    a.users.get('user-0')!.minutesWatched += 1;
    expect(b.sessions.get('c0')!.get('user-0')!.bytes).toBe(a.sessions.get('c0')!.get('user-0')!.bytes - 1);
    expect(b.users.get('user-0')!.minutesWatched).toBe(a.users.get('user-0')!.minutesWatched - 1);
  });

  it('a snapshot written before chunks (one row per session and user) still loads', () => {
    const state = bigState(50);
    const old = through(formatOne(state));
    expect(isSnapshotData(snapshotOf(old))).toBe(true);
    expect(stateFromJson(old)).toStrictEqual(state);
  });

  it('a data folder whose state.json holds the format before chunks restores, and its next save is in chunks', async () => {
    dir = await tempDataDir('aec-format-one-');
    const state = bigState(40);
    const envelope = { format: 1, seq: 0, savedAt: NOW, data: snapshotOf(formatOne(state)) };
    await writeFile(join(dir, 'state.json'), JSON.stringify(envelope));
    const store = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
    expect(store.problems).toEqual([]);
    const restored = restoreState(store);
    expect(restored.state).toStrictEqual(state);
    await store.saveSnapshot({ state: stateToJson(restored.state), history: restored.history.toJSON(), calls: restored.calls.toJSON() });
    await store.close();
    const reopened = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
    expect(Array.isArray(reopened.restored.data?.state.sessions[0]?.[0])).toBe(true);
    expect(restoreState(reopened).state).toStrictEqual(state);
    await reopened.close();
  });

  it('a damaged chunk fails the shape check (the snapshot is then set aside, not loaded)', () => {
    const good = (): StateJson => through(stateToJson(bigState(30)));
    const damaged: ((json: StateJson) => void)[] = [
      (json) => ((json.sessions[0] as unknown[])[0] = ['c0', 7]), // a channel id that is not a string
      (json) => (json.sessions[0] as unknown[]).pop(), // columns missing
      (json) => ((json.sessions[0] as [string[], string[], { data: string }[]])[2][1]!.data = 'AAAA'), // wrong row count
      (json) => ((json.sessions[0] as [string[], string[], unknown[]])[0] = []), // channel index out of range
      (json) => ((json.sessions[0] as [string[], string[], { kind: string; min: number }[]])[2][6]!.min = 5), // flags out of range
      (json) => ((json.users[0] as [string[], unknown[]])[1].length = 3), // a users column missing
      (json) => ((json.users[0] as [unknown[], unknown[]])[0][0] = null), // a user id that is not a string
      (json) => json.sessions.push(['c0', 'u', 1, 1, 1, 1, null, 0]), // a row among chunks
      (json) => ((json.users[0] as [string[], { kind: string; min: number; data: string }[]])[1][0] = { kind: 'f64', min: 0, data: Buffer.from(new Float64Array(30).fill(Number.NaN).buffer).toString('base64') }),
    ];
    for (const damage of damaged) {
      const json = good();
      damage(json);
      expect(isSnapshotData(snapshotOf(json))).toBe(false);
    }
  });
});

describe('a capture written in pieces', () => {
  it('holds the ended reports and audiences of its moment, however many, while they change meanwhile', () => {
    const state = bigState(ROWS_PER_CHUNK + 3);
    // Thousands of ended sessions (their retry guard) and audiences bigger than one piece.
    for (let u = 0; u < 6000; u++) applyChange(state, { op: 'viewerReport', channelId: `c${u % 5}`, userId: `gone-${u}`, at: NOW, bytes: 1, ts: u, counted: true });
    for (let u = 0; u < 6000; u++) applyChange(state, { op: 'viewerEnd', channelId: `c${u % 5}`, userId: `gone-${u}`, at: NOW + 1, bytes: 1, why: 'offline', ts: u + 1 });
    expect(state.endedReports.size).toBeGreaterThan(5000);
    const expected = through(stateToJson(state));
    const capture = new StateCapture(state);
    const pieces: string[] = [];
    let round = 0;
    for (const piece of capture.pieces()) {
      pieces.push(piece);
      const at = NOW + 10_000 + round;
      const change: Change = { op: 'viewerReport', channelId: `c${round % 5}`, userId: `late-${round++}`, at, bytes: 3, ts: round, counted: true };
      applyChange(state, change); // a new audience member, session and user
      applyChange(state, { op: 'viewerEnd', channelId: change.channelId, userId: change.userId, at: at + 1, bytes: 1, why: 'offline', ts: round + 1 });
    }
    expect(round).toBeGreaterThan(10);
    expect(JSON.parse(pieces.join(''))).toEqual(expected);
    expect(through(stateToJson(state))).not.toEqual(expected);
  });
});
