import { describe, expect, it } from 'vitest';
import { NotificationGate, REPEAT_QUIET_MS, notificationText } from '../../electron/notifications-policy';
import type { NotificationSwitches } from '../../electron/notifications-policy';

const allOn: NotificationSwitches = { mediaServerSilent: true, channelLive: true, channelStale: true, storeError: true, upstreamDown: true };

describe('notification gate', () => {
  it('shows each kind of notice while its switch is on', () => {
    const gate = new NotificationGate();
    expect(gate.decide({ kind: 'mediaServerSilent', silentForMs: 180_000 }, allOn, 0)?.title).toBe('Media server stopped calling');
    expect(gate.decide({ kind: 'channelLive', channelId: 'Wz@NWuVj8Tx5aa4a' }, allOn, 0)?.body).toContain('Wz@NWuVj8Tx5aa4a');
    expect(gate.decide({ kind: 'channelStale', channelId: 'Wz@NWuVjBI3taaCB' }, allOn, 0)?.title).toBe('Channel stale');
    expect(gate.decide({ kind: 'storeError', message: 'ENOSPC: no space left' }, allOn, 0)?.body).toBe('ENOSPC: no space left');
  });

  it('stays silent for a kind the operator switched off, and only that kind', () => {
    const gate = new NotificationGate();
    const switches = { ...allOn, channelLive: false };
    expect(gate.decide({ kind: 'channelLive', channelId: 'a' }, switches, 0)).toBeNull();
    expect(gate.decide({ kind: 'channelStale', channelId: 'a' }, switches, 0)).not.toBeNull();
  });

  it('tells the same news about the same thing once per quiet period', () => {
    const gate = new NotificationGate();
    const silent = { kind: 'mediaServerSilent', silentForMs: 180_000 } as const;
    expect(gate.decide(silent, allOn, 0)).not.toBeNull();
    expect(gate.decide({ ...silent, silentForMs: 240_000 }, allOn, 60_000)).toBeNull();
    expect(gate.decide(silent, allOn, REPEAT_QUIET_MS)).not.toBeNull();
    // Another channel is another subject.
    expect(gate.decide({ kind: 'channelLive', channelId: 'a' }, allOn, 0)).not.toBeNull();
    expect(gate.decide({ kind: 'channelLive', channelId: 'b' }, allOn, 1)).not.toBeNull();
    expect(gate.decide({ kind: 'channelLive', channelId: 'a' }, allOn, 2)).toBeNull();
  });

  it('tells every change of a flapping channel', () => {
    const gate = new NotificationGate();
    const kinds = ['channelLive', 'channelStale', 'channelLive', 'channelStale'] as const;
    const shown = kinds.map((kind, i) => gate.decide({ kind, channelId: 'a' }, allOn, i * 1000));
    expect(shown.every((text) => text !== null)).toBe(true);
  });

  it('does not count a switched-off notice as shown', () => {
    const gate = new NotificationGate();
    const notice = { kind: 'storeError', message: 'disk full' } as const;
    expect(gate.decide(notice, { ...allOn, storeError: false }, 0)).toBeNull();
    expect(gate.decide(notice, allOn, 1)).not.toBeNull();
  });
});

describe('notification text', () => {
  it('rounds the silence to whole minutes and marks errors urgent', () => {
    expect(notificationText({ kind: 'mediaServerSilent', silentForMs: 170_000 }).body).toContain('3 minutes');
    expect(notificationText({ kind: 'mediaServerSilent', silentForMs: 20_000 }).body).toContain('1 minute.');
    expect(notificationText({ kind: 'storeError', message: 'x' }).urgent).toBe(true);
    expect(notificationText({ kind: 'channelLive', channelId: 'x' }).urgent).toBe(false);
  });
});
