// Child process for store-crash-slices.test.ts: the live core's loop on a state big enough that
// each snapshot takes many slices: every record is one counted viewer report; a snapshot is
// written in slices every 400 records while reports keep coming; killed at some point.

import type { Change } from '../../server/domain/changes';
import { applyChange } from '../../server/domain';
import { CallHistory, SnapshotCaptures, TrafficHistory, isSnapshotData, openDataStore, type SnapshotData } from '../../server/store';
import { restoreState } from '../../server/core/restore';

const dir = process.argv[2];
if (!dir) throw new Error('usage: store-crash-slices-writer <dir>');
const SESSIONS = 6000;

const store = await openDataStore<SnapshotData>(dir, { validate: isSnapshotData });
let n = store.restored.seq + store.restored.tail.length;
const { state, history } = restoreState(store);
const calls = new CallHistory();
const captures = new SnapshotCaptures();

function report(i: number): Extract<Change, { op: 'viewerReport' }> {
  const at = Date.UTC(2025, 5, 15, 12) + i * 1000;
  return { op: 'viewerReport', channelId: `c${i % 7}`, userId: `u${i % SESSIONS}`, at, bytes: 1, ts: Math.floor(at / 1000), counted: true };
}

async function worker(): Promise<void> {
  for (;;) {
    const change = report(n++);
    captures.beforeApply(change);
    applyChange(state, change);
    history.observe(change);
    await store.append([change], change.at);
    process.stdout.write('acked\n');
    if (n % 400 === 0) void store.saveSnapshotText(() => captures.capture(state, history as TrafficHistory, calls));
  }
}

await Promise.all(Array.from({ length: 8 }, () => worker()));
