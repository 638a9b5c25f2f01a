import { EventEmitter } from 'node:events';
import type { AecEvent, Change, Decision, DecisionSettings, OperatorCommand, OperatorOutcome, State } from '../domain';
import { ageOut, allow, applyChange, decide, decideOperator, deny, displayState, touchedBy } from '../domain';
import { DenyCode, factsOf } from '../contract';
import type { Notice } from '../contract';
import { CallStats } from './call-stats';
import { Deadlines } from './deadlines';

/** What the monitor needs from the store: durable append, and a place to learn of faults. */
export interface ChangeJournal {
  append(changes: Change[], at: number): Promise<void>;
}

export interface ChangeObserver {
  observe(change: Change): void;
  /** Called before the change is applied (a snapshot being written keeps what it changes). */
  beforeApply?(change: Change): void;
}

export type RowTopic = 'channels' | 'chatrooms' | 'groups' | 'calls';

type Decider = (state: State, settings: DecisionSettings) => Decision;

const DURABLE: Promise<boolean> = Promise.resolve(true);

interface MonitorEvents {
  /** Ids of things whose row may have changed, per topic; coalesced per tick. */
  rows: [topic: RowTopic, ids: Set<string>];
  bans: [];
  /** Something changed in the state (a snapshot is due). */
  changed: [];
  notice: [notice: Notice];
}

/**
 * The live core: decides each event against the in-memory state, applies the changes, and
 * acknowledges once the journal holds them. One instance per data folder.
 */
export class Monitor extends EventEmitter<MonitorEvents> {
  readonly stats = new CallStats();
  private readonly pendingRows = new Map<RowTopic, Set<string>>();
  private flushScheduled = false;
  private storeFailing = false;
  private storageProbe: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly drainWaiters: (() => void)[] = [];
  private readonly deadlines = new Deadlines();

  constructor(
    readonly state: State,
    private readonly journal: ChangeJournal,
    private readonly observers: ChangeObserver[],
    private readonly decisionSettings: () => DecisionSettings,
    /** True while the journal cannot be written and the operator chose to refuse changes then. */
    private readonly refuseChanges: () => boolean = () => false,
  ) {
    super();
  }

  /**
   * Decide, apply, make durable. The returned promise resolves when the reply may be sent: once
   * the journal holds the change, or at `answerBy` (a performance.now() time) whatever the disk
   * does; the change then stays queued and lands as soon as the disk allows.
   */
  handleCallback(event: AecEvent, now: number, answerBy = Number.POSITIVE_INFINITY): Promise<Decision> {
    return this.enter(event, null, now, answerBy);
  }

  /**
   * As handleCallback, for a decision made by `decideIt` (forward mode decides after the
   * studio's eventCenter answered, or by a fallback). `decideIt` runs synchronously against the
   * current state, so nothing changes between its reading and the changes being applied.
   */
  settle(event: AecEvent, decideIt: (state: State, settings: DecisionSettings) => Decision, now: number, answerBy = Number.POSITIVE_INFINITY): Promise<Decision> {
    return this.enter(event, decideIt, now, answerBy);
  }

  /**
   * Counts the callback in flight until its decision is out. The decision and the applying are
   * synchronous; only the durable commit is waited for, in one chain of promises and no async
   * frames: this runs thousands of times a second and each frame cost as much as the work.
   */
  private enter(event: AecEvent, decideIt: Decider | null, now: number, answerBy: number): Promise<Decision> {
    this.inFlight += 1;
    let decided: Decision | Promise<Decision>;
    try {
      decided = this.decideAndCommit(event, decideIt, now, answerBy);
    } catch (error) {
      this.leave();
      return Promise.reject(error);
    }
    if (!(decided instanceof Promise)) {
      this.leave();
      return Promise.resolve(decided);
    }
    return decided.then(this.leaveWith, this.leaveThrowing);
  }

  private readonly leaveWith = (decision: Decision): Decision => {
    this.leave();
    return decision;
  };

  private readonly leaveThrowing = (error: unknown): never => {
    this.leave();
    throw error;
  };

  private leave(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.drainWaiters.length > 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /** Resolves once no callback is being handled (or after `timeoutMs`). */
  drained(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The operator's settings for decisions, as they are now. */
  get settings(): DecisionSettings {
    return this.decisionSettings();
  }

  /** The decision, or a promise of it when changes wait for the journal. */
  private decideAndCommit(event: AecEvent, decideIt: Decider | null, now: number, answerBy: number): Decision | Promise<Decision> {
    let decision = this.decideSafely(event, decideIt, now);
    if (decision.changes.length === 0) return decision;
    if (this.storeFailing && this.refuseChanges()) {
      decision = deny(DenyCode.storageUnavailable, `not recorded: the data folder cannot be written (${decision.reason})`);
      return decision;
    }
    const decided = decision;
    return this.deadlines.race(this.commit(decision.changes, now), answerBy).then((durable) => this.afterCommit(decided, durable, now));
  }

  /** What the media server is told once the journal answered, or the answer budget ran out. */
  private afterCommit(decision: Decision, durable: boolean | 'late', now: number): Decision {
    if (decision.allow && decision.mustBeDurable && durable !== true) {
      // Not on disk in time: refused, and undone (the undo is queued behind the change itself).
      const undo = decision.mustBeDurable;
      void this.commit(undo.changes, now);
      return deny(DenyCode.storageUnavailable, undo.reason, [...decision.changes, ...undo.changes]);
    }
    if (durable === 'late') {
      this.stats.answeredBeforeDurable(now);
      return decision;
    }
    if (!durable && this.refuseChanges()) {
      // Met the failure first: the change stays queued and lands once the disk recovers, but
      // the media server is not told yes to something that is not on disk.
      return deny(DenyCode.storageUnavailable, `not on disk yet: the data folder cannot be written (${decision.reason})`, decision.changes);
    }
    return decision;
  }

  /**
   * A bug of ours must not end a show or a call: for a once-a-minute report, a teardown or any
   * call action the answer is then "1" (fail open), for anything else a "0"; the error is in the reason.
   */
  private decideSafely(event: AecEvent, decideIt: Decider | null, now: number): Decision {
    try {
      return decideIt === null ? decide(this.state, event, now, this.decisionSettings()) : decideIt(this.state, this.decisionSettings());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const facts = factsOf(event.action);
      // A call never fails on our error either: its ONLINE is let through too.
      if (facts?.role === 'report' || facts?.role === 'teardown' || facts?.family === 'voip') {
        return allow(`internal error while deciding (${message}); answered "1" so nothing ends because of it`);
      }
      return deny(DenyCode.internalError, `internal error while deciding: ${message}`);
    }
  }

  async command(command: OperatorCommand, now: number): Promise<OperatorOutcome> {
    const outcome = decideOperator(this.state, command, now, this.decisionSettings());
    if (outcome.ok && !(await this.commit(outcome.changes, now))) {
      return { ...outcome, message: `${outcome.message} (WARNING: not on disk yet: the data folder cannot be written; kept and retried)` };
    }
    return outcome;
  }

  /** Records changes that answer no callback (a replay delivered); false while the journal fails. */
  record(changes: Change[], now: number): Promise<boolean> {
    return this.commit(changes, now);
  }

  /** Ages out silent uploaders and viewers; called every few seconds. */
  async sweep(now: number): Promise<number> {
    if (this.storeFailing && this.refuseChanges()) return 0;
    const changes = ageOut(this.state, now, this.decisionSettings());
    await this.commit(changes, now);
    return changes.length;
  }

  /** True while journal writes fail; then an empty record probes the disk every second. */
  get storageFailing(): boolean {
    return this.storeFailing;
  }

  stop(): void {
    clearInterval(this.storageProbe);
  }

  /**
   * Applies and journals; resolves false when the journal could not be written (kept queued).
   * A throw while applying rejects, as it always did, rather than escaping the caller.
   */
  private commit(changes: Change[], now: number): Promise<boolean> {
    if (changes.length === 0) return DURABLE;
    try {
      this.apply(changes);
    } catch (error) {
      return Promise.reject(error);
    }
    let appending: Promise<void>;
    try {
      appending = this.journal.append(changes, now);
    } catch (error) {
      // Applied but not recorded: counted as a failed write, as the async frame did.
      appending = Promise.reject(error);
    }
    return appending.then(this.appended, this.appendFailed);
  }

  private apply(changes: Change[]): void {
    const liveBefore = this.liveness(changes);
    for (const change of changes) {
      for (const observer of this.observers) observer.beforeApply?.(change);
      applyChange(this.state, change);
      for (const observer of this.observers) observer.observe(change);
      this.touch(change);
    }
    this.announceLiveness(liveBefore);
  }

  private readonly appended = (): true => {
    this.storageRecovered();
    return true;
  };

  /** The journal keeps the records queued and retries; the store reports the fault (notice, audit log, summary). */
  private readonly appendFailed = (): false => {
    this.storageFailed();
    return false;
  };

  private storageFailed(): void {
    if (this.storeFailing) return;
    this.storeFailing = true;
    // When every change is refused nothing else would write again: probe, so recovery is seen.
    this.storageProbe = setInterval(() => {
      this.journal.append([], Date.now()).then(
        () => this.storageRecovered(),
        () => undefined,
      );
    }, 1000);
    this.storageProbe.unref();
  }

  private storageRecovered(): void {
    if (!this.storeFailing) return;
    this.storeFailing = false;
    clearInterval(this.storageProbe);
    this.storageProbe = undefined;
  }

  private touch(change: Change): void {
    const touched = touchedBy(change);
    if (touched.topic === 'bans') this.emit('bans');
    else if (touched.topic !== null) {
      let ids = this.pendingRows.get(touched.topic);
      if (!ids) this.pendingRows.set(touched.topic, (ids = new Set()));
      ids.add(touched.id);
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Coalesce: many events in one tick become one notification per topic.
    setImmediate(() => {
      this.flushScheduled = false;
      const pending = [...this.pendingRows];
      this.pendingRows.clear();
      for (const [topic, ids] of pending) this.emit('rows', topic, ids);
      this.emit('changed');
    });
  }

  private liveness(changes: Change[]): Map<string, string> {
    const before = new Map<string, string>();
    for (const change of changes) {
      const touched = touchedBy(change);
      if (touched.topic !== 'channels' || before.has(touched.id)) continue;
      const id = touched.id;
      const channel = this.state.channels.get(id);
      before.set(id, channel ? displayState(this.state, channel) : 'none');
    }
    return before;
  }

  private announceLiveness(before: Map<string, string>): void {
    for (const [id, was] of before) {
      const channel = this.state.channels.get(id);
      if (!channel) continue;
      const now = displayState(this.state, channel);
      if (now === was) continue;
      if (now === 'live') this.emit('notice', { kind: 'channelLive', channelId: id });
      if (now === 'stale') this.emit('notice', { kind: 'channelStale', channelId: id });
    }
  }
}
