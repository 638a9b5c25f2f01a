import { describe, expect, it } from 'vitest';
import type { Summary } from '../../server/contract';
import {
  TOOLTIP_MAX,
  formatAgo,
  formatBytesPerSecond,
  trayStatusLines,
  trayTooltip,
} from '../../electron/tray-text';

function summary(over: Partial<Summary> = {}): Summary {
  const now = 1_760_000_000_000;
  return {
    version: '0.1.0',
    startedAt: now - 3_600_000,
    now,
    callbackUrl: 'http://0.0.0.0:9100/',
    aecurlLines: ['aecurl=http://192.168.1.20:9100/aec'],
    lastCallbackAt: now - 4_000,
    callbacksPerMinute: 30,
    denialsPerMinute: 0,
    channels: { total: 5, live: 2, closing: 0 },
    chatRooms: { total: 2, adopted: 0 },
    groups: { total: 0 },
    calls: { active: 0, ending: 0 },
    viewers: 15,
    uploaders: 2,
    bytesTotal: 9_000_000_000,
    bytesLastMinute: 72_000_000,
    store: { ok: true, problems: [], lastSnapshotAt: now - 1000, journalBytes: 100, pendingRecords: 0, answeredBeforeDurable: 0, lastAnsweredBeforeDurableAt: null },
    dataDir: '/home/op/.config/aec-live-monitor',
    upstream: null,
    simulator: { available: false, running: false, sent: 0, allowed: 0, denied: 0, errors: 0 },
    ...over,
  };
}

describe('traffic and time formatting', () => {
  it('shows bytes per second in decimal units', () => {
    expect(formatBytesPerSecond(0)).toBe('0 B/s');
    expect(formatBytesPerSecond(950)).toBe('950 B/s');
    expect(formatBytesPerSecond(1_234)).toBe('1.2 kB/s');
    expect(formatBytesPerSecond(45_600)).toBe('45.6 kB/s');
    expect(formatBytesPerSecond(999_700)).toBe('1.0 MB/s');
    expect(formatBytesPerSecond(1_200_000)).toBe('1.2 MB/s');
    expect(formatBytesPerSecond(250_000_000)).toBe('250 MB/s');
    expect(formatBytesPerSecond(3e9)).toBe('3.0 GB/s');
    expect(formatBytesPerSecond(Number.NaN)).toBe('0 B/s');
  });

  it('says how long ago in the largest sensible unit', () => {
    expect(formatAgo(4_000)).toBe('4 s ago');
    expect(formatAgo(125_000)).toBe('2 min ago');
    expect(formatAgo(7_300_000)).toBe('2 h ago');
    expect(formatAgo(3 * 86_400_000)).toBe('3 d ago');
    expect(formatAgo(-50)).toBe('0 s ago');
  });
});

describe('tray tooltip', () => {
  it('names live channels, viewers and current traffic', () => {
    // 72 MB in the last minute is 1.2 MB/s.
    expect(trayTooltip('AEC Live Monitor', summary())).toBe('AEC Live Monitor\n2 live channels · 15 viewers · 1.2 MB/s');
  });

  it('uses the singular for one and warns about store problems and a silent media server', () => {
    const one = summary({ channels: { total: 1, live: 1, closing: 0 }, viewers: 1 });
    expect(trayTooltip('X', one)).toContain('1 live channel · 1 viewer ·');
    const broken = summary({ store: { ok: false, problems: [{ at: 1, message: 'disk full' }], lastSnapshotAt: null, journalBytes: 0, pendingRecords: 0, answeredBeforeDurable: 0, lastAnsweredBeforeDurableAt: null } });
    expect(trayTooltip('X', broken)).toContain('Store problem');
    expect(trayTooltip('X', summary({ lastCallbackAt: null }))).toContain('Waiting for the media server');
  });

  it('stays within what Windows shows', () => {
    const text = trayTooltip('A'.repeat(200), summary());
    expect(text.length).toBe(TOOLTIP_MAX);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('tray menu status lines', () => {
  it('lists channels, viewers, traffic and the last media server call', () => {
    expect(trayStatusLines(summary())).toEqual([
      'Channels: 2 live of 5',
      'Viewers: 15',
      'Traffic: 1.2 MB/s',
      'Media server: last call 4 s ago',
    ]);
  });

  it('says when the media server never called and when the store is unhealthy', () => {
    const lines = trayStatusLines(
      summary({ lastCallbackAt: null, store: { ok: false, problems: [], lastSnapshotAt: null, journalBytes: 0, pendingRecords: 0, answeredBeforeDurable: 0, lastAnsweredBeforeDurableAt: null } }),
    );
    expect(lines).toContain('Media server: no call yet');
    expect(lines).toContain('Store: problem, see dashboard');
  });
});
