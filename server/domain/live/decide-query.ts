import type { State } from '../state';
import type { QueryChannelListEvent } from '../events';
import type { DecisionSettings } from '../settings';
import { allow, deny, type Decision } from '../decision';
import { DenyCode } from '../../contract/deny-codes';

/** Open channels, optionally only those filed under the asked list types. */
export function decideQueryChannelList(state: State, event: QueryChannelListEvent): Decision {
  const wanted = new Set(event.listTypes);
  const channelIds: string[] = [];
  const roomIds: string[] = [];
  const creators: string[] = [];
  const userDefineData: string[] = [];
  for (const channel of state.channels.values()) {
    if (channel.lifecycle !== 'open') continue;
    if (wanted.size > 0 && (channel.listType === undefined || !wanted.has(channel.listType))) continue;
    channelIds.push(channel.id);
    roomIds.push(channel.roomId ?? '');
    creators.push(channel.creator ?? '');
    userDefineData.push(channel.extra ?? '');
  }
  const which = wanted.size > 0 ? `list types ${[...wanted].join(',')}` : 'all list types';
  return allow(`${channelIds.length} open channels for ${which}`, [], {
    kind: 'channelList',
    channelIds,
    roomIds,
    creators,
    userDefineData,
  });
}
