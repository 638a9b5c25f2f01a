// ReplyPayload (domain terms) -> the JSON body the media server expects, section 2 of
// aec-protocol.md. `status` is the STRING "1" or "0"; numbers inside allow replies are strings
// too, as the media server sends them; a deny carries a numeric code only.

import type { ReplyPayload } from '../domain/decision';

export type WireReply = { status: '1'; data: unknown } | { status: '0'; data: number };

export function formatAllow(payload: ReplyPayload): WireReply {
  switch (payload.kind) {
    case 'capacity': {
      const data: Record<string, string> = { conCurrentNumber: String(payload.capacity) };
      if (payload.groupId !== undefined && payload.groupId !== '') data.groupId = payload.groupId;
      return { status: '1', data };
    }
    case 'echo':
      return { status: '1', data: payload.echostr };
    case 'channelList':
      return { status: '1', data: channelListData(payload) };
    case 'text':
      return { status: '1', data: payload.text };
  }
}

export function formatDeny(code: number): WireReply {
  return { status: '0', data: code };
}

type ChannelListPayload = Extract<ReplyPayload, { kind: 'channelList' }>;

/**
 * Parallel lists, comma-joined; a key is left out when it has nothing to say (no channels,
 * or no channel has that field). Otherwise empty entries stay, so positions line up.
 */
function channelListData(payload: ChannelListPayload): Record<string, string> {
  const lists: [string, string[]][] = [
    ['channelIdList', payload.channelIds],
    ['roomIdList', payload.roomIds],
    ['creatorList', payload.creators],
    ['userDefineDataList', payload.userDefineData],
  ];
  const data: Record<string, string> = {};
  for (const [key, list] of lists) if (list.some((item) => item !== '')) data[key] = list.join(',');
  return data;
}
