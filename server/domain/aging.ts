import type { State } from './state';
import type { Change } from './changes';
import type { DecisionSettings } from './settings';

/**
 * Uploaders and viewers whose once-a-minute reports stopped for longer than the grace period
 * are gone (no OFFLINE or DISCONNECT arrived), and so are calls without HANGUP; a closing
 * channel whose uploaders are all gone is closed. Run periodically; pure.
 */
export function ageOut(state: State, now: number, settings: DecisionSettings): Change[] {
  const deadline = now - settings.graceSeconds * 1000;
  const changes: Change[] = [];
  for (const [channelId, uploaders] of state.uploaders) {
    for (const uploader of uploaders.values()) {
      if (uploader.lastReportAt < deadline) {
        changes.push({ op: 'uploaderEnd', channelId, userId: uploader.userId, at: now, why: 'aged' });
      }
    }
  }
  for (const [channelId, sessions] of state.sessions) {
    for (const session of sessions.values()) {
      if (session.lastReportAt < deadline) {
        changes.push({ op: 'viewerEnd', channelId, userId: session.userId, at: now, bytes: 0, why: 'aged' });
      }
    }
  }
  for (const callId of state.activeCalls.values()) {
    const call = state.calls.get(callId);
    if (call && call.lastReportAt < deadline) changes.push({ op: 'callEnd', callId, at: now, reason: 'aged' });
  }
  for (const channel of state.channels.values()) {
    // A pulled channel has no uploader to age out: its proxy's traffic stopping is the sign.
    if (channel.type === 'LIVEPROXY' && channel.lifecycle === 'open' && channel.liveSince !== undefined && channel.lastEventAt < deadline) {
      changes.push({ op: 'patchChannel', channelId: channel.id, at: now, patch: { liveSince: null, staleSince: now } });
      continue;
    }
    if (channel.lifecycle !== 'closing') continue;
    const stillLive = [...(state.uploaders.get(channel.id)?.values() ?? [])].some((u) => u.lastReportAt >= deadline);
    const pulledLive = channel.type === 'LIVEPROXY' && channel.liveSince !== undefined && channel.lastEventAt >= deadline;
    if (!stillLive && !pulledLive) {
      changes.push({ op: 'patchChannel', channelId: channel.id, at: now, patch: { lifecycle: 'closed', closedAt: now, liveSince: null } });
    }
  }
  return changes;
}
