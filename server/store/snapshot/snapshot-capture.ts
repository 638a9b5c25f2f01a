// A snapshot captured in one tick (at one journal seq) and written over many: the state through
// StateCapture, the traffic history through its tables' captures, the call minutes at once
// (small). The Monitor tells the open captures of each change before applying it.

import type { Change } from '../../domain/changes';
import type { State } from '../../domain/state';
import type { TrafficHistory } from '../history/traffic-history';
import type { CallHistory } from '../history/call-history';
import { captureHistory, historyPieces } from '../history/history-codec';
import { StateCapture } from './state-capture';
import type { SnapshotPiece } from './deferred-members';

/** The JSON text of a SnapshotData, in pieces; release it when written or given up. */
export interface SnapshotText {
  pieces(): Iterable<SnapshotPiece>;
  release(): void;
}

/** A change observer for the Monitor: hands each change to the captures being written. */
export class SnapshotCaptures {
  private readonly open = new Set<StateCapture>();

  beforeApply(change: Change): void {
    for (const capture of this.open) capture.before(change);
  }

  observe(): void {}

  /** Captures now; the text (without its marks) equals JSON.stringify(encodeSnapshot(...)) taken at this moment. */
  capture(state: State, history: TrafficHistory, calls: CallHistory): SnapshotText {
    history.finishLoading();
    const stateCapture = new StateCapture(state);
    this.open.add(stateCapture);
    const historyCapture = captureHistory(history);
    const callsText = JSON.stringify(calls.toJSON());
    const release = (): void => {
      this.open.delete(stateCapture);
      stateCapture.finish();
      historyCapture.release();
    };
    return {
      *pieces() {
        yield '{"state":';
        yield* stateCapture.pieces();
        yield ',"history":';
        // Most of a big file, and not needed to answer callbacks: read after the listener binds.
        yield { deferred: 'start', path: 'history' };
        yield* historyPieces(historyCapture);
        yield { deferred: 'end', path: 'history' };
        yield `,"calls":${callsText}}`;
      },
      release,
    };
  }
}
