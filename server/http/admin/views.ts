import type { Channel, State } from '../../domain';
import { displayState, liveUploaderCount, sessionCount } from '../../domain';
import { previousMinute, type AuditEntry, type BanRow, type ChannelDetail, type ChannelRow, type ShowSummary } from '../../contract';

/** What the views need of the traffic history. */
export interface LastMinuteTraffic {
  bytesInMinute(channelId: string, minute: number): number;
}

export function toChannelRow(state: State, channel: Channel, history: LastMinuteTraffic, now: number): ChannelRow {
  return {
    id: channel.id,
    type: channel.type,
    owner: channel.creator ?? null,
    name: channel.extra ?? null,
    roomId: channel.roomId ?? null,
    groupId: channel.groupId ?? null,
    listType: channel.listType ?? null,
    state: displayState(state, channel),
    lifecycle: channel.lifecycle,
    adopted: channel.adopted,
    viewers: sessionCount(state, channel.id),
    uploaders: liveUploaderCount(state, channel.id),
    capacity: channel.capacity,
    bytes: channel.bytes,
    bytesLastMinute: history.bytesInMinute(channel.id, previousMinute(now)),
    createdAt: channel.createdAt,
    liveSince: channel.liveSince ?? null,
    closedBy: channel.closedBy ?? null,
    closeRequestedAt: channel.closeRequestedAt ?? null,
    lastEventAt: channel.lastEventAt,
  };
}

export function toChannelDetail(
  state: State,
  channel: Channel,
  history: LastMinuteTraffic,
  recentEvents: AuditEntry[],
  now: number,
): ChannelDetail {
  return {
    channel: toChannelRow(state, channel, history, now),
    show: showSummary(state, channel, now),
    grantedUploaders: [...channel.grantedUploaders],
    specify: channel.specify ? [...channel.specify] : null,
    uploaders: [...(state.uploaders.get(channel.id)?.values() ?? [])].map((uploader) => ({
      userId: uploader.userId,
      since: uploader.since,
      lastReportAt: uploader.lastReportAt,
      reports: uploader.reports,
    })),
    sessions: [...(state.sessions.get(channel.id)?.values() ?? [])].map((session) => ({
      userId: session.userId,
      since: session.since,
      lastReportAt: session.lastReportAt,
      bytes: session.bytes,
      reports: session.reports,
      state: session.kicked ? 'kicked' : 'watching',
    })),
    recentEvents,
  };
}

export function showSummary(state: State, channel: Channel, now: number): ShowSummary {
  const startedAt = channel.liveSince ?? channel.runStartedAt ?? null;
  const endedAt = channel.liveSince !== undefined ? null : (channel.runEndedAt ?? null);
  const audience = state.audiences.get(channel.id);
  return {
    startedAt,
    endedAt,
    durationSeconds: startedAt === null ? 0 : Math.max(0, Math.round(((endedAt ?? now) - startedAt) / 1000)),
    peakViewers: audience?.peak ?? 0,
    uniqueViewers: audience?.seen.size ?? 0,
    bytes: channel.bytes,
  };
}

export function toBanRows(state: State, now: number): BanRow[] {
  return [...state.bans.values()]
    .filter((ban) => ban.until === undefined || ban.until > now)
    .map((ban) => ({ userId: ban.userId, since: ban.since, until: ban.until ?? null, reason: ban.reason }));
}
