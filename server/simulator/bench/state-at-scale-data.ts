// A data folder as the server would leave it after a day at scale: channels on air, viewer
// sessions reporting once a minute, a day of traffic history, a snapshot and a journal tail of
// one minute of reports (what a kill -9 just before the minute's snapshot leaves). Built with
// the server's own apply, history and codecs, so its size and shape are the real ones.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Change } from '../../domain/changes';
import type { Channel } from '../../domain/state';
import { applyChange, emptyState } from '../../domain';
import { CallHistory, SnapshotCaptures, TrafficHistory, isSnapshotData, openDataStore, type SnapshotData } from '../../store';
import { benchChannels, benchViewerId } from './state-fill';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Bytes a viewer reports a minute: a 1 Mbit/s stream. */
const BYTES_PER_MINUTE = 7_500_000;
/** Changes per journal record in the tail: the monitor journals each callback's changes as one record. */
const TAIL_CHANGES_PER_RECORD = 1;

export interface StateDataOptions {
  sessions: number;
  historyHours: number;
  channels: number;
  /** Journal records after the snapshot: one minute of reports by default (one per session). */
  tailRecords?: number;
  now?: number;
}

export interface StateDataResult {
  channelIds: string[];
  /** [userId, channelId] of every session. */
  sessions: [string, string][];
  generatedMs: number;
}

function channelOf(id: string, creator: string, roomId: string, at: number): Channel {
  return { id, type: 'GLOBAL_PUBLIC', creator, roomId, capacity: 0, extra: `bench ${creator}`, createdAt: at, lifecycle: 'open', adopted: false, grantedUploaders: [], bytes: 0, lastEventAt: at };
}

function report(channelId: string, userId: string, at: number): Change {
  return { op: 'viewerReport', channelId, userId, at, bytes: BYTES_PER_MINUTE, ts: Math.floor(at / 1000), counted: true };
}

/**
 * Writes the data folder `dir` (settings.json with a grace long enough that nobody ages out
 * while measured, state.json, journal/). Each session reports in every hour of the history
 * (one report an hour carries the hour's bytes: the buckets are the same as with sixty), and
 * each creator uploads every minute, so every bucket a real day fills exists.
 */
export async function writeStateAtScale(dir: string, opts: StateDataOptions): Promise<StateDataResult> {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const start = now - opts.historyHours * HOUR_MS;
  const state = emptyState();
  const history = new TrafficHistory();
  const calls = new CallHistory();
  const apply = (change: Change): void => {
    applyChange(state, change);
    history.observe(change);
    calls.observe(change);
  };
  const channels = benchChannels(opts.channels);
  for (const c of channels) {
    apply({ op: 'createChannel', channel: channelOf(c.channelId, c.creator, c.roomId, start) });
  }
  const sessions: [string, string][] = [];
  for (let i = 0; i < opts.sessions; i++) sessions.push([benchViewerId(i), channels[i % channels.length]!.channelId]);
  for (let minute = 0; minute < opts.historyHours * 60; minute++) {
    const at = start + minute * MINUTE_MS;
    for (const c of channels) apply({ op: 'uploaderReport', channelId: c.channelId, userId: c.creator, at, counted: true });
  }
  for (let hour = 0; hour < opts.historyHours; hour++) {
    sessions.forEach(([userId, channelId], i) => {
      const at = start + hour * HOUR_MS + (i % 60) * MINUTE_MS;
      apply({ ...report(channelId, userId, at), bytes: BYTES_PER_MINUTE * 60 } as Change);
    });
  }
  await writeFile(path.join(dir, 'settings.json'), `${JSON.stringify({ graceSeconds: 3600 })}\n`);
  const store = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
  try {
    // Written as the server writes its snapshots (the history deferred to after start), not as one JSON.stringify.
    await store.saveSnapshotText(() => new SnapshotCaptures().capture(state, history, calls));
    await appendTail(store, sessions, opts.tailRecords ?? sessions.length, now);
  } finally {
    await store.close();
  }
  return { channelIds: channels.map((c) => c.channelId), sessions, generatedMs: Math.round(performance.now() - started) };
}

/** The minute before the kill: every session's report, journaled as the monitor does, in group commits. */
async function appendTail(store: { append(changes: Change[], at: number): Promise<void> }, sessions: [string, string][], records: number, now: number): Promise<void> {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < records; i++) {
    const [userId, channelId] = sessions[i % sessions.length]!;
    const at = now - MINUTE_MS + Math.floor((i / Math.max(1, records)) * MINUTE_MS);
    const changes = Array.from({ length: TAIL_CHANGES_PER_RECORD }, () => report(channelId, userId, at));
    pending.push(store.append(changes, at));
    // Group commit covers what is queued; waiting now and then keeps the queue (and memory) bounded.
    if (pending.length >= 5_000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}
