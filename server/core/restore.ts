import type { State, StateJson } from '../domain';
import { applyChange, emptyState, stateFromJson } from '../domain';
import { TrafficHistory, type DataStore } from '../store';

/** What the snapshot file holds: the live state and the traffic history, at one journal seq. */
export interface SnapshotData {
  state: StateJson;
  history: ReturnType<TrafficHistory['toJSON']>;
}

/** Newest good snapshot plus the journal tail replayed on top: the state that was acknowledged. */
export function restoreState(store: DataStore<SnapshotData>): { state: State; history: TrafficHistory; replayed: number } {
  const { data, tail } = store.restored;
  const state = data ? stateFromJson(data.state) : emptyState();
  const history = data ? TrafficHistory.fromJSON(data.history) : new TrafficHistory();
  let replayed = 0;
  for (const record of tail) {
    for (const change of record.changes) {
      applyChange(state, change);
      history.observe(change);
    }
    replayed += 1;
  }
  return { state, history, replayed };
}

/** Shape check of a snapshot's data; one that fails is treated like a corrupt file (moved aside). */
export function isSnapshotData(data: unknown): data is SnapshotData {
  if (typeof data !== 'object' || data === null) return false;
  const { state, history } = data as Partial<SnapshotData>;
  if (typeof state !== 'object' || state === null || typeof history !== 'object' || history === null) return false;
  const lists = [state.channels, state.uploaders, state.sessions, state.bans, state.users];
  return (
    lists.every(Array.isArray) &&
    state.sessions.every((row) => Array.isArray(row) && row.length === 8) &&
    state.users.every((row) => Array.isArray(row) && row.length === 5) &&
    typeof state.totals?.bytes === 'number'
  );
}
