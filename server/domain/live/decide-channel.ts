import type { Channel, State } from '../state';
import type { CreateChannelEvent, ChannelUserEvent, LiveProxyChannelEvent } from '../events';
import type { DecisionSettings } from '../settings';
import type { Change } from '../changes';
import { allow, deny, type Decision } from '../decision';
import { DenyCode } from '../../contract/deny-codes';
import { endEveryone, lookupChannel } from './rules';
import { definedFields } from '../defined';

export function decideCreate(state: State, event: CreateChannelEvent, now: number, settings: DecisionSettings): Decision {
  if (event.capacity > settings.maxCapacity) {
    return deny(
      DenyCode.capacityOutOfRange,
      `conCurrentNumber ${event.capacity} is above the maximum of ${settings.maxCapacity} (0 means no limit)`,
    );
  }
  const existing = state.channels.get(event.channelId);
  if (existing && existing.lifecycle !== 'deleted' && !existing.adopted) {
    if (existing.creator === event.userId && existing.type === event.channelType) {
      return allow(`channel ${event.channelId} already exists with the same creator and type (retry)`);
    }
    // Forward mode: the studio's eventCenter let this creator have the id; it is made anew.
    if (!settings.trustUpstream) {
      return deny(DenyCode.channelExists, `channel ${event.channelId} already exists (${existing.type}, created by ${existing.creator ?? 'the live proxy'})`);
    }
  }
  const channel: Channel = {
    id: event.channelId,
    type: event.channelType,
    capacity: event.capacity,
    createdAt: existing?.adopted ? existing.createdAt : now,
    lifecycle: 'open',
    adopted: false,
    grantedUploaders: [],
    // The id keeps its traffic across a delete and re-create: billing needs it.
    bytes: existing?.bytes ?? 0,
    lastEventAt: now,
    ...definedFields({
      creator: event.userId,
      roomId: event.roomId,
      groupId: event.groupId,
      extra: event.extra,
      listType: event.listType,
      specify: event.specify,
      liveSince: existing?.adopted ? existing.liveSince : undefined,
    }),
  };
  const how = existing?.adopted ? 'adopted channel now created' : existing ? 're-created after delete' : 'created';
  return allow(`channel ${event.channelId} ${how} (${event.channelType}, capacity ${event.capacity || 'unlimited'})`, [
    { op: 'createChannel', channel },
  ]);
}

export function decideSetUploader(state: State, event: ChannelUserEvent, now: number, settings: DecisionSettings): Decision {
  const lookup = lookupChannel(state, event.channelId, now, settings);
  if (!lookup.found) return deny(DenyCode.channelNotFound, `unknown channel ${event.channelId}`);
  const { channel, changes } = lookup;
  if (channel.lifecycle === 'deleted') return deny(DenyCode.channelNotOpen, `channel ${channel.id} is deleted`, changes);
  const granted = new Set(channel.grantedUploaders);
  const grant = event.kind === 'setUploader';
  if (grant) granted.add(event.userId);
  else granted.delete(event.userId);
  changes.push({ op: 'patchChannel', channelId: channel.id, at: now, patch: { grantedUploaders: [...granted] } });
  return allow(`${grant ? 'granted' : 'revoked'} upload right for ${event.userId} on ${channel.id}`, changes);
}

/** CLOSE / DELETE sent by the media server on a user's behalf, and the LIVEPROXY variants. */
export function decideEndChannel(
  state: State,
  event: ChannelUserEvent | LiveProxyChannelEvent,
  now: number,
): Decision {
  const channel = state.channels.get(event.channelId);
  const remove = event.kind === 'deleteChannel' || event.kind === 'proxyDeleteChannel';
  const verb = remove ? 'delete' : 'close';
  if (!channel) return allow(`${verb} of unknown channel ${event.channelId}: nothing to update`);
  const by = 'userId' in event ? `user:${event.userId}` : 'proxy';
  if ('userId' in event && channel.creator !== undefined && channel.creator !== event.userId) {
    return deny(DenyCode.notCreator, `user ${event.userId} asked to ${verb} ${channel.id}, created by ${channel.creator}`);
  }
  if (channel.lifecycle === 'deleted' || (!remove && channel.lifecycle === 'closed')) {
    return allow(`channel ${channel.id} already ${channel.lifecycle}`);
  }
  const changes: Change[] = endEveryone(state, channel.id, now);
  changes.unshift({
    op: 'patchChannel',
    channelId: channel.id,
    at: now,
    patch: remove
      ? { lifecycle: 'deleted', deletedAt: now, closedBy: by, liveSince: null }
      : { lifecycle: 'closed', closedAt: now, closedBy: by, liveSince: null },
  });
  return allow(`channel ${channel.id} ${remove ? 'deleted' : 'closed'} by ${by}`, changes);
}
