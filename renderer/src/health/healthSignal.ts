// One studio health signal from everything that can go wrong: the media server's silence while
// something is on air, our own connection to the monitor server, the store, and in forward mode
// the studio's eventCenter (down is only degraded: fallbacks keep shows running). Pure: the
// header, the title, the favicon, sounds and notifications all read the same answer.

export type HealthLevel = 'ok' | 'degraded' | 'down';

export type HealthReason =
  | { kind: 'noCallbackYet' }
  | { kind: 'silent'; seconds: number }
  | { kind: 'connecting' }
  | { kind: 'disconnected' }
  | { kind: 'storeFailed' }
  | { kind: 'storeProblems'; count: number }
  | { kind: 'diskSlow'; answers: number }
  | { kind: 'upstreamDown' };

export interface HealthInput {
  now: number;
  stream: 'connecting' | 'live' | 'reconnecting';
  lastCallbackAt: number | null;
  /** Something reports once a minute now, or did when the silence began: silence is then news. */
  expectingCalls: boolean;
  warnSeconds: number;
  alarmSeconds: number;
  store: { ok: boolean; problems: number; pendingRecords: number; answeredBeforeDurable: number; lastAnsweredBeforeDurableAt: number | null };
  /** Forward mode only (null standalone): whether the studio's eventCenter answers. */
  upstream: { ok: boolean } | null;
}

export interface Health {
  level: HealthLevel;
  reasons: HealthReason[];
}

/** An answer sent before its change was on disk within this long counts as the disk being slow now. */
const DISK_SLOW_RECENT_MS = 5 * 60_000;

const rank: Record<HealthLevel, number> = { ok: 0, degraded: 1, down: 2 };

export function studioHealth(input: HealthInput): Health {
  const found: { level: HealthLevel; reason: HealthReason }[] = [];
  if (input.stream === 'reconnecting') found.push({ level: 'down', reason: { kind: 'disconnected' } });
  else if (input.stream === 'connecting') found.push({ level: 'degraded', reason: { kind: 'connecting' } });

  if (input.lastCallbackAt === null) {
    found.push({ level: 'degraded', reason: { kind: 'noCallbackYet' } });
  } else if (input.expectingCalls) {
    const seconds = Math.floor((input.now - input.lastCallbackAt) / 1000);
    if (seconds >= input.alarmSeconds) found.push({ level: 'down', reason: { kind: 'silent', seconds } });
    else if (seconds >= input.warnSeconds) found.push({ level: 'degraded', reason: { kind: 'silent', seconds } });
  }

  const { store } = input;
  if (!store.ok) found.push({ level: 'down', reason: { kind: 'storeFailed' } });
  else if (store.problems > 0) found.push({ level: 'degraded', reason: { kind: 'storeProblems', count: store.problems } });
  const slowRecently = store.lastAnsweredBeforeDurableAt !== null && input.now - store.lastAnsweredBeforeDurableAt < DISK_SLOW_RECENT_MS;
  if (store.pendingRecords > 0 && slowRecently) found.push({ level: 'degraded', reason: { kind: 'diskSlow', answers: store.answeredBeforeDurable } });

  // The eventCenter not answering is never "down": every callback still gets a fallback answer,
  // reports and admissions keep shows and calls running; creates and changes wait for it.
  if (input.upstream && !input.upstream.ok) found.push({ level: 'degraded', reason: { kind: 'upstreamDown' } });

  const level = found.reduce<HealthLevel>((worst, f) => (rank[f.level] > rank[worst] ? f.level : worst), 'ok');
  return { level, reasons: found.sort((a, b) => rank[b.level] - rank[a.level]).map((f) => f.reason) };
}
