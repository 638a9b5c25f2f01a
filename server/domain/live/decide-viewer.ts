import type { State } from '../state';
import { activeBan, endedReportKey, sessionCount } from '../state';
import type { Change } from '../changes';
import type { ChannelUserEvent, ViewerTrafficEvent } from '../events';
import type { DecisionSettings } from '../settings';
import { allow, deny, type Decision } from '../decision';
import { DenyCode } from '../../contract/deny-codes';
import { describeLifecycle, lookupChannel, watchRight } from './rules';

/** USER_ONLINE and APPLY_DOWNLOAD: a viewer asks to watch. */
export function decideViewerJoin(state: State, event: ChannelUserEvent, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return deny(DenyCode.channelNotFound, `unknown channel ${event.channelId}`);
  const { channel, changes } = lookup;
  if (channel.lifecycle !== 'open') return deny(DenyCode.channelNotOpen, `${describeLifecycle(channel)}; viewer ${event.userId} refused`, changes);
  const ban = activeBan(state, event.userId, now);
  if (ban) return deny(DenyCode.userBanned, `viewer ${event.userId} is banned (${ban.reason})`, changes);
  if (!watchRight(channel, event.userId, settings)) {
    return deny(DenyCode.notOnSpecifyList, `viewer ${event.userId} is not on the list of ${channel.id}`, changes);
  }
  const existing = state.sessions.get(channel.id)?.get(event.userId);
  if (existing?.kicked) {
    return deny(DenyCode.viewerKicked, `viewer ${event.userId} was kicked from ${channel.id}; refused until that session ends`, changes);
  }
  const already = existing !== undefined;
  if (!already && channel.capacity > 0 && sessionCount(state, channel.id) >= channel.capacity) {
    return deny(DenyCode.channelFull, `channel ${channel.id} is full (${channel.capacity} viewers)`, changes);
  }
  changes.push({ op: 'viewerReport', channelId: channel.id, userId: event.userId, at: now, bytes: 0, counted: false });
  return allow(already ? `viewer ${event.userId} rejoined ${channel.id}` : `viewer ${event.userId} watches ${channel.id}`, changes);
}

/** USER_PLAYING, once a minute: bytes consumed are counted even when the answer is "0". */
export function decidePlaying(state: State, event: ViewerTrafficEvent & { ts?: number }, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return deny(DenyCode.channelNotFound, `unknown channel ${event.channelId}; viewer told to stop`);
  const { channel, changes } = lookup;
  const session = state.sessions.get(channel.id)?.get(event.userId);
  const retried = !session && isRetryOfEndingReport(state, channel.id, event);
  if (channel.lifecycle !== 'open') return stopViewer(changes, event, now, retried, DenyCode.channelNotOpen, `${describeLifecycle(channel)}; viewer ${event.userId} told to stop`, 'closed');
  const ban = activeBan(state, event.userId, now);
  if (ban) return stopViewer(changes, event, now, retried, DenyCode.userBanned, `viewer ${event.userId} is banned (${ban.reason}); told to stop`, 'denied');
  if (session?.kicked) return stopViewer(changes, event, now, retried, DenyCode.viewerKicked, `viewer ${event.userId} was kicked from ${channel.id}; told to stop`, 'kicked');
  if (!watchRight(channel, event.userId, settings)) {
    return stopViewer(changes, event, now, retried, DenyCode.notOnSpecifyList, `viewer ${event.userId} is not on the list of ${channel.id}; told to stop`, 'denied');
  }
  // No admission callback came (2.9.6 admits GLOBAL_PUBLIC viewers itself): the limit applies here.
  if (!session && !retried && channel.capacity > 0 && sessionCount(state, channel.id) >= channel.capacity) {
    return stopViewer(changes, event, now, retried, DenyCode.channelFull, `channel ${channel.id} is full (${channel.capacity} viewers); viewer ${event.userId}, first seen at this report, told to stop`, 'denied');
  }
  // Every other cause of the "0" that ended this session is checked above: it was a kick.
  if (retried) return deny(DenyCode.viewerKicked, `viewer ${event.userId} retried the report answered "0" on ${channel.id}: not counted again`, changes);
  if (session && event.ts !== undefined && session.lastReportTs === event.ts) {
    return allow(`duplicate report from ${event.userId} on ${channel.id} (same ts) not counted twice`, changes);
  }
  // Two literals rather than a spread of `ts`: the same keys in the same order, built directly.
  changes.push(
    event.ts === undefined
      ? { op: 'viewerReport', channelId: channel.id, userId: event.userId, at: now, bytes: event.discharge, counted: true }
      : { op: 'viewerReport', channelId: channel.id, userId: event.userId, at: now, bytes: event.discharge, counted: true, ts: event.ts },
  );
  const how = session ? 'playing' : 'playing (session started from a report: its ONLINE was not seen)';
  return allow(`viewer ${event.userId} ${how} on ${channel.id}, ${event.discharge} bytes`, changes);
}

/** A report answered "0": its session ends here, unless it is a retry of the report that ended it (the event names the channel looked up). */
function stopViewer(
  changes: Change[],
  event: ViewerTrafficEvent & { ts?: number },
  now: number,
  retried: boolean,
  code: number,
  reason: string,
  why: 'closed' | 'denied' | 'kicked',
): Decision {
  if (retried) return deny(code, `${reason} (a retry of the report already answered "0": not counted again)`, changes);
  changes.push({ op: 'viewerEnd', channelId: event.channelId, userId: event.userId, at: now, bytes: event.discharge, why, ...tsOf(event) });
  return deny(code, reason, changes);
}

export function decideOffline(state: State, event: ViewerTrafficEvent & { ts?: number }, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return allow(`offline for unknown channel ${event.channelId}: nothing to update`);
  const { channel, changes } = lookup;
  const known = state.sessions.get(channel.id)?.has(event.userId) ?? false;
  if (!known && isRetryOfEndingReport(state, channel.id, event)) {
    return allow(`offline of ${event.userId} on ${channel.id} already counted (same ts): not counted again`, changes);
  }
  changes.push({ op: 'viewerEnd', channelId: channel.id, userId: event.userId, at: now, bytes: event.discharge, why: 'offline', ...tsOf(event) });
  return allow(`viewer ${event.userId} left ${channel.id}${known ? '' : ' (no open session)'}, ${event.discharge} bytes`, changes);
}

/** The media server retries a report it got no answer to: same viewer, same `ts`. */
function isRetryOfEndingReport(state: State, channelId: string, event: { userId: string; ts?: number }): boolean {
  return event.ts !== undefined && state.endedReports.get(endedReportKey(channelId, event.userId)) === event.ts;
}

function tsOf(event: { ts?: number }): { ts?: number } {
  return event.ts !== undefined ? { ts: event.ts } : {};
}
