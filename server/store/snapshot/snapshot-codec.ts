// What the snapshot file holds: the live state and the traffic history, written at one journal
// seq, and the shape check a loaded snapshot must pass.

import type { State } from '../../domain';
import type { TrafficHistory } from '../history/traffic-history';
import type { HistoryJSON } from '../history/history-codec';
import type { JsonText } from '../json-text';
import type { CallHistory, CallHistoryJSON } from '../history/call-history';
import { isStateJson, stateToJson, type StateJson } from './state-codec';

export interface SnapshotData {
  state: StateJson;
  /** Its text, unparsed, when read from a file that deferred it (loaded after start). */
  history: HistoryJSON | JsonText;
  /** Absent in snapshots written before calls were kept. */
  calls?: CallHistoryJSON;
}

export function encodeSnapshot(state: State, history: TrafficHistory, calls: CallHistory): SnapshotData {
  return { state: stateToJson(state), history: history.toJSON(), calls: calls.toJSON() };
}

/** A snapshot that fails this is treated like a corrupt file (moved aside, the other one used). */
export function isSnapshotData(data: unknown): data is SnapshotData {
  if (typeof data !== 'object' || data === null) return false;
  const { state, history } = data as Partial<SnapshotData>;
  return isStateJson(state) && typeof history === 'object' && history !== null;
}
