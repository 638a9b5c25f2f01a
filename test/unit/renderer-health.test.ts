// The one studio health signal (renderer/src/health/healthSignal.ts).
import { describe, expect, it } from 'vitest';
import { studioHealth, type HealthInput } from '../../renderer/src/health/healthSignal';

const NOW = 1_780_000_000_000;
const calm: HealthInput = {
  now: NOW,
  stream: 'live',
  lastCallbackAt: NOW - 5_000,
  expectingCalls: true,
  warnSeconds: 90,
  alarmSeconds: 150,
  store: { ok: true, problems: 0, pendingRecords: 0, answeredBeforeDurable: 0, lastAnsweredBeforeDurableAt: null },
  upstream: null,
};

describe('studio health', () => {
  it('is OK while the media server calls', () => {
    expect(studioHealth(calm)).toEqual({ level: 'ok', reasons: [] });
  });

  it('turns amber at 90 s and red at 150 s of silence while something is on air', () => {
    expect(studioHealth({ ...calm, lastCallbackAt: NOW - 89_000 }).level).toBe('ok');
    expect(studioHealth({ ...calm, lastCallbackAt: NOW - 90_000 })).toEqual({ level: 'degraded', reasons: [{ kind: 'silent', seconds: 90 }] });
    expect(studioHealth({ ...calm, lastCallbackAt: NOW - 150_000 }).level).toBe('down');
  });

  it('stays calm when nothing is on air: an empty studio is silent', () => {
    expect(studioHealth({ ...calm, lastCallbackAt: NOW - 3_600_000, expectingCalls: false }).level).toBe('ok');
  });

  it('follows the configured thresholds', () => {
    expect(studioHealth({ ...calm, lastCallbackAt: NOW - 40_000, warnSeconds: 30, alarmSeconds: 60 }).level).toBe('degraded');
  });

  it('is down when our own connection is lost or the store cannot write, and says why, worst first', () => {
    const health = studioHealth({ ...calm, stream: 'reconnecting', store: { ...calm.store, problems: 1 } });
    expect(health.level).toBe('down');
    expect(health.reasons).toEqual([{ kind: 'disconnected' }, { kind: 'storeProblems', count: 1 }]);
    expect(studioHealth({ ...calm, store: { ...calm.store, ok: false } }).level).toBe('down');
  });

  it('is degraded while the disk is slower than the answers', () => {
    const store = { ...calm.store, pendingRecords: 12, answeredBeforeDurable: 40, lastAnsweredBeforeDurableAt: NOW - 10_000 };
    expect(studioHealth({ ...calm, store })).toEqual({ level: 'degraded', reasons: [{ kind: 'diskSlow', answers: 40 }] });
  });

  it('is degraded before the media server ever called', () => {
    expect(studioHealth({ ...calm, lastCallbackAt: null }).reasons).toEqual([{ kind: 'noCallbackYet' }]);
  });

  it('in forward mode, is degraded (never down) while the eventCenter does not answer: fallbacks keep shows running', () => {
    expect(studioHealth({ ...calm, upstream: { ok: true } })).toEqual({ level: 'ok', reasons: [] });
    expect(studioHealth({ ...calm, upstream: { ok: false } })).toEqual({ level: 'degraded', reasons: [{ kind: 'upstreamDown' }] });
  });

  it('lets a worse problem lead when the eventCenter is down too', () => {
    const health = studioHealth({ ...calm, lastCallbackAt: NOW - 150_000, upstream: { ok: false } });
    expect(health.level).toBe('down');
    expect(health.reasons).toEqual([{ kind: 'silent', seconds: 150 }, { kind: 'upstreamDown' }]);
  });
});
