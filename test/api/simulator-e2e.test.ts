import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../server/simulator';
import type { AuditEntry, ChannelDetail, ChannelRow, Summary } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';

let running: Harness | undefined;
let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.stop();
  await running?.stop();
  simulator = undefined;
  running = undefined;
});

describe('the simulator against the real server', () => {
  it('plays a studio whose channels, viewers and bytes the server accounts for exactly', { timeout: 60_000 }, async () => {
    running = await startHarness();
    simulator = new Simulator({ url: `${running.callbackUrl}aec`, channels: 5, viewers: 40, speed: 60, seed: 7, simulatedMinutes: 12 });
    simulator.start();
    await simulator.whenStopped();
    const sent = simulator.status();
    expect(sent.errors).toBe(0);
    expect(sent.sent).toBeGreaterThan(100);

    const channels = await running.get<ChannelRow[]>('/api/channels?includeDeleted=1');
    const summary = await running.get<Summary>('/api/summary');
    // Every discharge the simulator reported was counted once, answered "1" or "0".
    expect(summary.bytesTotal).toBe(sent.bytesSent);
    expect(channels.reduce((sum, channel) => sum + channel.bytes, 0)).toBe(sent.bytesSent);
    // Every channel the simulator created exists; none was made up.
    expect(channels.length).toBeGreaterThanOrEqual(sent.channels);
    expect(channels.every((channel) => !channel.adopted)).toBe(true);
    // Viewers who left without OFFLINE stay until the grace ages them out: never fewer than the studio's.
    expect(summary.viewers).toBeGreaterThanOrEqual(sent.viewers);
  });

  it('stops a viewer and an uploader answered "0": closing a channel ends it within a simulated minute or two', { timeout: 60_000 }, async () => {
    running = await startHarness();
    simulator = new Simulator({ url: `${running.callbackUrl}aec`, channels: 3, viewers: 30, speed: 60, seed: 11 });
    simulator.start();
    const app = running;
    const live = await waitFor(async () => {
      const rows = await app.get<ChannelRow[]>('/api/channels');
      return rows.find((row) => row.state === 'live' && row.viewers > 0 && row.type !== 'LIVEPROXY');
    });
    const closed = await app.post(`/api/channels/${encodeURIComponent(live.id)}/close`);
    expect(closed.status).toBe(200);
    const deniedBefore = simulator.status().denied;
    let last: ChannelDetail | undefined;

    const ended = await waitFor(async () => {
      const detail = await app.get<ChannelDetail>(`/api/channels/${encodeURIComponent(live.id)}`);
      last = detail;
      return detail.channel.state === 'closed' && detail.sessions.length === 0 && detail.uploaders.length === 0 ? detail : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify({ ...last, recentEvents: last?.recentEvents.slice(0, 8) })}`);
    });
    expect(ended.channel.closedBy).toBe('operator');
    expect(simulator.status().denied).toBeGreaterThan(deniedBefore);
    // The simulator obeyed: each viewer got one "0" and sent nothing more for that channel,
    // even two simulated minutes later.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const reports = await app.get<AuditEntry[]>(
      `/api/audit?channelId=${encodeURIComponent(live.id)}&action=AEC_LIVE_USER_PLAYING&limit=1000`,
    );
    const afterClose = reports.filter((entry) => entry.at >= ended.channel.closeRequestedAt!);
    const perViewer = new Map<string, number>();
    for (const entry of afterClose) perViewer.set(entry.userId ?? '', (perViewer.get(entry.userId ?? '') ?? 0) + 1);
    expect(afterClose.every((entry) => entry.decision === 'deny')).toBe(true);
    expect([...perViewer.values()].every((count) => count === 1)).toBe(true);
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
