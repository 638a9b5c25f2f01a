// How each live-family change lands in the state: channels, uploaders, viewer sessions, traffic.

import type { Change, ChannelPatch, LiveChange } from '../changes';
import type { Channel, State, UserTotals } from '../state';
import { ENDED_REPORTS_KEPT, endedReportKey, innerMap } from '../state';
import { applyPatch } from '../patch';


export function applyLiveChange(state: State, change: LiveChange): void {
  const id = change.op === 'createChannel' ? change.channel.id : change.channelId;
  const wasLive = state.channels.get(id)?.liveSince !== undefined;
  applyOne(state, change);
  const channel = state.channels.get(id);
  if (channel) trackRun(channel, wasLive, 'at' in change ? change.at : channel.createdAt);
}

/** Keeps the start and end of the latest run on air when `liveSince` comes and goes. */
function trackRun(channel: Channel, wasLive: boolean, at: number): void {
  const live = channel.liveSince !== undefined;
  if (live && !wasLive) {
    channel.runStartedAt = channel.liveSince;
    delete channel.runEndedAt;
  } else if (!live && wasLive) channel.runEndedAt = at;
}

function applyOne(state: State, change: LiveChange): void {
  switch (change.op) {
    case 'createChannel':
      state.channels.set(change.channel.id, { ...change.channel });
      state.audiences.delete(change.channel.id);
      return;
    case 'patchChannel': {
      const channel = state.channels.get(change.channelId);
      if (!channel) return;
      patchChannel(channel, change.patch);
      channel.lastEventAt = change.at;
      return;
    }
    case 'uploaderReport':
      applyUploaderReport(state, change);
      return;
    case 'uploaderEnd':
      applyUploaderEnd(state, change);
      return;
    case 'viewerReport':
      applyViewerReport(state, change);
      return;
    case 'viewerEnd':
      applyViewerEnd(state, change);
      return;
    case 'kickViewer': {
      const session = state.sessions.get(change.channelId)?.get(change.userId);
      if (session) session.kicked = true;
      return;
    }
  }
}

function rememberEndedReport(state: State, channelId: string, userId: string, ts: number): void {
  const key = endedReportKey(channelId, userId);
  state.endedReports.delete(key);
  state.endedReports.set(key, ts);
  // Oldest first in insertion order: evicting from the front keeps it bounded, the same on replay.
  if (state.endedReports.size > ENDED_REPORTS_KEPT) {
    const oldest = state.endedReports.keys().next().value;
    if (oldest !== undefined) state.endedReports.delete(oldest);
  }
}

function patchChannel(channel: Channel, patch: ChannelPatch): void {
  applyPatch(channel, patch);
}

function userTotals(state: State, userId: string, at: number): UserTotals {
  let totals = state.users.get(userId);
  if (!totals) {
    totals = { userId, bytesWatched: 0, minutesWatched: 0, minutesUploaded: 0, lastSeenAt: at };
    state.users.set(userId, totals);
  }
  totals.lastSeenAt = Math.max(totals.lastSeenAt, at);
  return totals;
}

function addTraffic(state: State, channelId: string, userId: string, bytes: number, at: number, minute: boolean): void {
  const channel = state.channels.get(channelId);
  if (channel) {
    channel.bytes += bytes;
    channel.lastEventAt = at;
  }
  state.totals.bytes += bytes;
  const totals = userTotals(state, userId, at);
  totals.bytesWatched += bytes;
  if (minute) totals.minutesWatched += 1;
}

function applyUploaderReport(state: State, change: Extract<Change, { op: 'uploaderReport' }>): void {
  const byUser = innerMap(state.uploaders, change.channelId);
  const existing = byUser.get(change.userId);
  if (existing) {
    existing.lastReportAt = change.at;
    if (change.counted) existing.reports += 1;
  } else {
    byUser.set(change.userId, {
      channelId: change.channelId,
      userId: change.userId,
      since: change.at,
      lastReportAt: change.at,
      reports: change.counted ? 1 : 0,
    });
  }
  const channel = state.channels.get(change.channelId);
  if (channel) {
    channel.liveSince ??= change.at;
    delete channel.staleSince;
    channel.lastEventAt = change.at;
  }
  if (change.counted) userTotals(state, change.userId, change.at).minutesUploaded += 1;
}

function applyUploaderEnd(state: State, change: Extract<Change, { op: 'uploaderEnd' }>): void {
  const byUser = state.uploaders.get(change.channelId);
  if (!byUser?.delete(change.userId)) return;
  const channel = state.channels.get(change.channelId);
  if (byUser.size === 0) {
    state.uploaders.delete(change.channelId);
    if (channel) {
      delete channel.liveSince;
      if (change.why === 'aged' && channel.lifecycle === 'open') channel.staleSince = change.at;
      // A close waits for the uploader to stop; the last one stopping completes it.
      if (channel.lifecycle === 'closing') {
        channel.lifecycle = 'closed';
        channel.closedAt = change.at;
      }
    }
  }
  if (channel) channel.lastEventAt = change.at;
}

function applyViewerReport(state: State, change: Extract<Change, { op: 'viewerReport' }>): void {
  const byUser = innerMap(state.sessions, change.channelId);
  let session = byUser.get(change.userId);
  if (!session) {
    session = {
      channelId: change.channelId,
      userId: change.userId,
      since: change.at,
      lastReportAt: change.at,
      bytes: 0,
      reports: 0,
      kicked: false,
    };
    byUser.set(change.userId, session);
    state.totals.sessionsStarted += 1;
    const audience = state.audiences.get(change.channelId) ?? { peak: 0, seen: new Set<string>() };
    audience.seen.add(change.userId);
    audience.peak = Math.max(audience.peak, byUser.size);
    state.audiences.set(change.channelId, audience);
  }
  session.lastReportAt = change.at;
  session.bytes += change.bytes;
  if (change.counted) session.reports += 1;
  if (change.ts !== undefined) session.lastReportTs = change.ts;
  addTraffic(state, change.channelId, change.userId, change.bytes, change.at, change.counted);
}

function applyViewerEnd(state: State, change: Extract<Change, { op: 'viewerEnd' }>): void {
  if (change.ts !== undefined) rememberEndedReport(state, change.channelId, change.userId, change.ts);
  const byUser = state.sessions.get(change.channelId);
  if (byUser?.delete(change.userId) && byUser.size === 0) state.sessions.delete(change.channelId);
  addTraffic(state, change.channelId, change.userId, change.bytes, change.at, false);
}
