// Each part of the live stream (a row topic, the summary) numbers its deltas one after the
// other, starting from the number in the snapshot. A delta only makes sense on top of all the
// ones before it: a gap means one was missed, and the page must start again from a snapshot.
import type { SequencedPart, StreamEvents } from '../../../server/contract';

export class StreamSequence {
  private expected = new Map<SequencedPart, number>();

  /** A snapshot: each part it numbers continues from there; the others are not followed. */
  start(seq: StreamEvents['snapshot']['seq']): void {
    this.expected = new Map(Object.entries(seq).map(([part, n]) => [part as SequencedPart, n + 1]));
  }

  /** True when `seq` is the next one of `part`; false when something was missed (or no snapshot came). */
  accept(part: SequencedPart, seq: number): boolean {
    if (this.expected.get(part) !== seq) return false;
    this.expected.set(part, seq + 1);
    return true;
  }
}
