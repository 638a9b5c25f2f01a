import type { State } from '../domain';
import { applyChange, emptyState } from '../domain';
import { CallHistory, TrafficHistory, stateFromJson, type DataStore, type SnapshotData } from '../store';

/** Newest good snapshot plus the journal tail replayed on top: the state that was acknowledged. */
export function restoreState(store: DataStore<SnapshotData>): { state: State; history: TrafficHistory; calls: CallHistory; replayed: number } {
  const { data, tail } = store.restored;
  const state = data ? stateFromJson(data.state) : emptyState();
  const history = data ? TrafficHistory.fromJSON(data.history) : new TrafficHistory();
  const calls = CallHistory.fromJSON(data?.calls);
  let replayed = 0;
  for (const record of tail) {
    for (const change of record.changes) {
      applyChange(state, change);
      history.observe(change);
      calls.observe(change);
    }
    replayed += 1;
  }
  store.releaseRestored();
  return { state, history, calls, replayed };
}
