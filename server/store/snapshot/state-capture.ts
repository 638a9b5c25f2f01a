// The live state frozen at one journal seq, written out over many ticks. Everything but viewer
// sessions and user totals is small and is serialised at once; those two (100,000 each at
// scale) are read live, slice by slice, and a change that arrives meanwhile first hands over the
// row it is about to alter (`before`), so the text is exactly the state at the capture's seq.
// A change names what it alters: the session (channelId, userId) and the user's totals (userId).

import type { Change } from '../../domain/changes';
import type { State, ViewerSession } from '../../domain/state';
import { familiesToJson } from './families-codec';
import { sessionRow, userRow, type SessionRow, type UserRow } from './state-codec';

/** Rows per piece of text: a few milliseconds of work, then the event loop runs again. */
const ROWS_PER_PIECE = 500;

const sessionKey = (channelId: string, userId: string): string => `${channelId}\u0000${userId}`;

export class StateCapture {
  private readonly small: string;
  /** Rows as they were at the capture, for those changed since and not written yet; null = did not exist. */
  private readonly sessionsBefore = new Map<string, SessionRow | null>();
  private readonly usersBefore = new Map<string, UserRow | null>();
  private readonly sessionsWritten = new Set<string>();
  private readonly usersWritten = new Set<string>();
  private finished = false;

  constructor(private readonly state: State) {
    this.small = [
      `"channels":${JSON.stringify([...state.channels.values()])}`,
      `"uploaders":${JSON.stringify([...state.uploaders.values()].flatMap((inner) => [...inner.values()]))}`,
      `"bans":${JSON.stringify([...state.bans.values()])}`,
      `"totals":${JSON.stringify(state.totals)}`,
      `"endedReports":${JSON.stringify([...state.endedReports])}`,
      `"families":${JSON.stringify(familiesToJson(state))}`,
    ].join(',');
  }

  /** Before `change` is applied: keeps the rows it may alter as they are now (= at the capture). */
  before(change: Change): void {
    if (this.finished) return;
    const { userId, channelId } = change as { userId?: unknown; channelId?: unknown };
    if (typeof userId !== 'string') return;
    if (!this.usersWritten.has(userId) && !this.usersBefore.has(userId)) {
      const user = this.state.users.get(userId);
      this.usersBefore.set(userId, user ? userRow(user) : null);
    }
    if (typeof channelId !== 'string') return;
    const key = sessionKey(channelId, userId);
    if (!this.sessionsWritten.has(key) && !this.sessionsBefore.has(key)) {
      const session = this.state.sessions.get(channelId)?.get(userId);
      this.sessionsBefore.set(key, session ? sessionRow(session) : null);
    }
  }

  /** The state's JSON (as stateToJson makes it) in pieces; the caller may yield between them. */
  *pieces(): Generator<string> {
    yield `{${this.small},"sessions":[`;
    yield* this.rows(this.sessionEntries(), this.sessionsBefore, this.sessionsWritten, sessionRow);
    yield '],"users":[';
    yield* this.rows(this.state.users.entries(), this.usersBefore, this.usersWritten, userRow);
    yield ']}';
    this.finish();
  }

  /** Stops keeping rows (done, or given up). */
  finish(): void {
    this.finished = true;
    this.sessionsBefore.clear();
    this.usersBefore.clear();
    this.sessionsWritten.clear();
    this.usersWritten.clear();
  }

  private *sessionEntries(): Generator<[string, ViewerSession]> {
    for (const [channelId, byUser] of this.state.sessions) {
      for (const [userId, session] of byUser) yield [sessionKey(channelId, userId), session];
    }
  }

  /**
   * Live entries, each written once: as kept by `before` if it changed since the capture,
   * else as it is (unchanged since). Then the kept rows of entries removed since.
   */
  private *rows<V, R>(live: Iterable<[string, V]>, before: Map<string, R | null>, written: Set<string>, toRow: (value: V) => R): Generator<string> {
    let batch: R[] = [];
    let first = true;
    const flush = (): string => {
      const text = `${first ? '' : ','}${JSON.stringify(batch).slice(1, -1)}`;
      first = false;
      batch = [];
      return text;
    };
    for (const [key, value] of live) {
      if (written.has(key)) continue;
      written.add(key);
      const kept = before.get(key);
      if (kept === undefined) batch.push(toRow(value));
      else if (kept !== null) batch.push(kept);
      if (batch.length >= ROWS_PER_PIECE) yield flush();
    }
    for (const [key, kept] of before) {
      if (kept === null || written.has(key)) continue;
      written.add(key);
      batch.push(kept);
      if (batch.length >= ROWS_PER_PIECE) yield flush();
    }
    if (batch.length > 0) yield flush();
  }
}
