import type { State } from '../state';
import { activeBan } from '../state';
import type { ChannelUserEvent, LiveProxyChannelEvent } from '../events';
import type { DecisionSettings } from '../settings';
import type { Change } from '../changes';
import { allow, deny, type Decision } from '../decision';
import { DenyCode } from '../../contract/deny-codes';
import { describeLifecycle, isGroupChannel, lookupChannel, uploadRight } from './rules';

export function decideApplyUpload(state: State, event: ChannelUserEvent, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return deny(DenyCode.channelNotFound, `unknown channel ${event.channelId}`);
  const { channel, changes } = lookup;
  if (channel.lifecycle !== 'open') return deny(DenyCode.channelNotOpen, `${describeLifecycle(channel)}; upload refused`, changes);
  const ban = activeBan(state, event.userId, now);
  if (ban) return deny(DenyCode.userBanned, `user ${event.userId} is banned (${ban.reason})`, changes);
  const right = uploadRight(channel, event.userId, settings);
  if (!right.ok) {
    return right.why === 'notOnList'
      ? deny(DenyCode.notOnSpecifyList, `user ${event.userId} is not on the list of ${channel.id}`, changes)
      : deny(DenyCode.notAllowedToUpload, `user ${event.userId} is neither the creator of ${channel.id} nor granted upload`, changes);
  }
  changes.push({ op: 'uploaderReport', channelId: channel.id, userId: event.userId, at: now, counted: false });
  const groupId = isGroupChannel(channel) ? channel.groupId : undefined;
  return allow(`user ${event.userId} may upload to ${channel.id}`, changes, {
    kind: 'capacity',
    capacity: channel.capacity,
    ...(groupId !== undefined ? { groupId } : {}),
  });
}

export function decideUploading(state: State, event: ChannelUserEvent, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return deny(DenyCode.channelNotFound, `unknown channel ${event.channelId}; upload told to stop`);
  const { channel, changes } = lookup;
  const known = state.uploaders.get(channel.id)?.has(event.userId) ?? false;
  // A "0" terminates the upload on the media server, so the uploader is gone from here on.
  const stop = (code: number, reason: string, why: 'closed' | 'denied'): Decision => {
    if (known) changes.push({ op: 'uploaderEnd', channelId: channel.id, userId: event.userId, at: now, why });
    return deny(code, reason, changes);
  };
  if (channel.lifecycle !== 'open') {
    return stop(DenyCode.channelNotOpen, `${describeLifecycle(channel)}; uploader ${event.userId} told to stop`, 'closed');
  }
  const ban = activeBan(state, event.userId, now);
  if (ban) return stop(DenyCode.userBanned, `uploader ${event.userId} is banned (${ban.reason}); told to stop`, 'denied');
  const right = uploadRight(channel, event.userId, settings);
  if (!right.ok) {
    return stop(DenyCode.uploadRevoked, `uploader ${event.userId} has no upload right on ${channel.id} (revoked or never granted); told to stop`, 'denied');
  }
  changes.push({ op: 'uploaderReport', channelId: channel.id, userId: event.userId, at: now, counted: true });
  return allow(`uploader ${event.userId} live on ${channel.id}`, changes);
}

export function decideUploaderDisconnect(state: State, event: ChannelUserEvent, now: number): Decision {
  if (!state.uploaders.get(event.channelId)?.has(event.userId)) {
    return allow(`uploader ${event.userId} was not live on ${event.channelId}`);
  }
  const changes: Change[] = [
    { op: 'uploaderEnd', channelId: event.channelId, userId: event.userId, at: now, why: 'disconnect' },
  ];
  return allow(`uploader ${event.userId} left ${event.channelId}`, changes);
}

/** liveProxyServer starts pulling a stream into its channel: no user involved. */
export function decideProxyApplyUpload(state: State, event: LiveProxyChannelEvent, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return deny(DenyCode.channelNotFound, `unknown channel ${event.channelId}`);
  const { channel, changes } = lookup;
  if (channel.lifecycle !== 'open') return deny(DenyCode.channelNotOpen, `${describeLifecycle(channel)}; pull refused`, changes);
  changes.push({ op: 'patchChannel', channelId: channel.id, at: now, patch: { liveSince: channel.liveSince ?? now, staleSince: null } });
  return allow(`live proxy pulls into ${channel.id}`, changes, { kind: 'capacity', capacity: channel.capacity });
}
