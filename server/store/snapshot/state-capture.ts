// The live state frozen at one journal seq, written out over many ticks. The small parts are
// serialised at once. For viewer sessions and user totals (100,000 each at scale) the capture
// keeps only the list of their objects, in the state's order, and writes them chunk by chunk; a
// change that arrives meanwhile first hands over a copy of the objects it is about to alter
// (`before`), so the text is exactly the state at the capture's seq, in the same chunks as
// stateToJson would have cut at that moment. A change names what it alters: the session
// (channelId, userId) and the user's totals (userId). The ended reports (up to 50,000) and the
// audiences (everyone who watched) are copied at once, which is cheap, and written later.

import type { Change } from '../../domain/changes';
import type { State, UserTotals, ViewerSession } from '../../domain/state';
import { familiesToJson, type FamiliesJson } from './families-codec';
import { ROWS_PER_CHUNK, sessionChunk, userChunk } from './row-chunks';
import { allSessions } from './state-codec';

/** Ended reports or audience ids per piece of text: well under a millisecond each. */
const ITEMS_PER_PIECE = 5000;

export class StateCapture {
  private readonly small: string;
  /** The families' JSON without its closing brace: the audiences follow it. */
  private readonly families: string;
  /** The ended reports' keys and their ts: two flat copies (an entry array each would cost 10 ms at 50,000). */
  private readonly endedKeys: string[];
  private readonly endedTs: number[];
  private readonly audiences: FamiliesJson['audiences'];
  private readonly sessions: ViewerSession[];
  private readonly users: UserTotals[];
  /** Copies, as they were at the capture, of the objects changed since (keyed by the live object). */
  private readonly sessionsBefore = new Map<ViewerSession, ViewerSession>();
  private readonly usersBefore = new Map<UserTotals, UserTotals>();
  private finished = false;

  constructor(private readonly state: State) {
    this.small = [
      `"channels":${JSON.stringify([...state.channels.values()])}`,
      `"uploaders":${JSON.stringify([...state.uploaders.values()].flatMap((inner) => [...inner.values()]))}`,
      `"bans":${JSON.stringify([...state.bans.values()])}`,
      `"totals":${JSON.stringify(state.totals)}`,
    ].join(',');
    // The other families hold live objects and are serialised now; the audiences are fresh copies of ids.
    const { audiences, ...families } = familiesToJson(state);
    this.families = JSON.stringify(families).slice(0, -1);
    this.audiences = audiences;
    this.endedKeys = [...state.endedReports.keys()];
    this.endedTs = [...state.endedReports.values()];
    this.sessions = allSessions(state);
    this.users = [...state.users.values()];
  }

  /**
   * Before `change` is applied: copies the objects it may alter, once. An object created after
   * the capture may be copied too (it is never written); that costs a copy, not correctness.
   */
  before(change: Change): void {
    if (this.finished) return;
    const { userId, channelId } = change as { userId?: unknown; channelId?: unknown };
    if (typeof userId !== 'string') return;
    const user = this.state.users.get(userId);
    if (user && !this.usersBefore.has(user)) this.usersBefore.set(user, { ...user });
    if (typeof channelId !== 'string') return;
    const session = this.state.sessions.get(channelId)?.get(userId);
    if (session && !this.sessionsBefore.has(session)) this.sessionsBefore.set(session, { ...session });
  }

  /** The state's JSON (as stateToJson makes it) in pieces; the caller may yield between them. */
  *pieces(): Generator<string> {
    yield `{${this.small},"sessions":[`;
    yield* this.chunks(this.sessions, this.sessionsBefore, sessionChunk);
    yield '],"users":[';
    yield* this.chunks(this.users, this.usersBefore, userChunk);
    yield '],"endedReports":[';
    for (let start = 0; start < this.endedKeys.length; start += ITEMS_PER_PIECE) {
      const pairs = this.endedKeys.slice(start, start + ITEMS_PER_PIECE).map((key, i) => [key, this.endedTs[start + i]]);
      yield `${start === 0 ? '' : ','}${JSON.stringify(pairs).slice(1, -1)}`;
    }
    yield `],"families":${this.families},"audiences":[`;
    yield* listPieces(this.audiences, (audience) => 1 + audience[2].length);
    yield ']}}';
    this.finish();
  }

  /** Stops keeping copies (done, or given up). */
  finish(): void {
    this.finished = true;
    this.sessionsBefore.clear();
    this.usersBefore.clear();
  }

  /** Each captured object as it was at the capture: its copy if it changed since, else itself. */
  private *chunks<R extends object, C>(captured: readonly R[], before: Map<R, R>, chunk: (rows: R[]) => C): Generator<string> {
    for (let start = 0; start < captured.length; start += ROWS_PER_CHUNK) {
      const rows = captured.slice(start, start + ROWS_PER_CHUNK);
      for (let i = 0; i < rows.length; i++) rows[i] = before.get(rows[i]!) ?? rows[i]!;
      yield `${start === 0 ? '' : ','}${JSON.stringify(chunk(rows))}`;
    }
  }
}

/** The items of a JSON list, a few thousand ids at a time (`size`: how many one item holds). */
function* listPieces<T>(items: readonly T[], size: (item: T) => number): Generator<string> {
  let start = 0;
  while (start < items.length) {
    let end = start;
    for (let ids = 0; end < items.length && ids < ITEMS_PER_PIECE; end++) ids += size(items[end]!);
    yield `${start === 0 ? '' : ','}${JSON.stringify(items.slice(start, end)).slice(1, -1)}`;
    start = end;
  }
}
