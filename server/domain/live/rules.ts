import type { Channel, State } from '../state';
import type { Change } from '../changes';
import type { DecisionSettings } from '../settings';

/** Channels created by a user with a list of allowed users. */
export function isSpecifyChannel(channel: Channel): boolean {
  return channel.type === 'LOGIN_SPECIFY' || channel.type === 'GROUP_SPECIFY';
}

export function isGroupChannel(channel: Channel): boolean {
  return channel.type === 'GROUP_PUBLIC' || channel.type === 'GROUP_SPECIFY';
}

/** Adopted channels are decided as GLOBAL_PUBLIC: the show must go on. */
function isOpenToAnyUploader(channel: Channel): boolean {
  return channel.type === 'GLOBAL_PUBLIC' || channel.type === 'unknown';
}

export function mayUpload(channel: Channel, userId: string): { ok: true } | { ok: false; why: 'notGranted' | 'notOnList' } {
  if (channel.creator !== undefined && channel.creator === userId) return { ok: true };
  if (isSpecifyChannel(channel) && !channel.specify?.includes(userId)) return { ok: false, why: 'notOnList' };
  if (isOpenToAnyUploader(channel)) return { ok: true };
  return channel.grantedUploaders.includes(userId) ? { ok: true } : { ok: false, why: 'notGranted' };
}

/** Upload right, or none to check when the studio's eventCenter decides (forward mode). */
export function uploadRight(channel: Channel, userId: string, settings: DecisionSettings): ReturnType<typeof mayUpload> {
  return settings.trustUpstream ? { ok: true } : mayUpload(channel, userId);
}

export function watchRight(channel: Channel, userId: string, settings: DecisionSettings): boolean {
  return settings.trustUpstream === true || mayWatch(channel, userId);
}

/** Group membership is held by the group server, which we do not track: group channels admit logged-in users. */
export function mayWatch(channel: Channel, userId: string): boolean {
  if (!isSpecifyChannel(channel)) return true;
  return channel.creator === userId || (channel.specify?.includes(userId) ?? false);
}

export type ChannelLookup =
  | { found: true; channel: Channel; changes: Change[] }
  | { found: false };

/** Finds the channel of an event, adopting one we never saw when the settings allow it. */
export function lookupChannel(state: State, channelId: string, now: number, settings: DecisionSettings): ChannelLookup {
  const channel = state.channels.get(channelId);
  if (channel) return { found: true, channel, changes: [] };
  if (!settings.adoptUnknownChannels && !settings.trustUpstream) return { found: false };
  const adopted: Channel = {
    id: channelId,
    type: 'unknown',
    capacity: 0,
    createdAt: now,
    lifecycle: 'open',
    adopted: true,
    grantedUploaders: [],
    bytes: 0,
    lastEventAt: now,
  };
  return { found: true, channel: adopted, changes: [{ op: 'createChannel', channel: adopted }] };
}

/** Ends every uploader and viewer session of a channel that the media server closed or deleted. */
export function endEveryone(state: State, channelId: string, now: number): Change[] {
  const changes: Change[] = [];
  for (const userId of state.uploaders.get(channelId)?.keys() ?? []) {
    changes.push({ op: 'uploaderEnd', channelId, userId, at: now, why: 'closed' });
  }
  for (const userId of state.sessions.get(channelId)?.keys() ?? []) {
    changes.push({ op: 'viewerEnd', channelId, userId, at: now, bytes: 0, why: 'closed' });
  }
  return changes;
}

export function describeLifecycle(channel: Channel): string {
  const by = channel.closedBy ? ` by ${channel.closedBy}` : '';
  return `channel ${channel.id} is ${channel.lifecycle}${by}`;
}
