// ReplyPayload (domain terms) -> the exact reply the 2.9.6 parser reads (aec-media-server-2.9.6.md
// §1.2): `{"status":"1","data":…}`, status a string, no whitespace, data a string or a FLAT object
// of strings, and no `"` or `\` anywhere inside data (the parser reads a string up to the next
// quote, an object up to the first `}`, and understands no escapes). A deny's data is the media
// server's error INDEX for our reason, never our own code.

import { wireIndexFor, type ActionFamily } from '../contract';
import type { ReplyPayload } from '../domain/decision';

export type WireData = string | Readonly<Record<string, string>>;
export type WireReply = { readonly status: '1'; readonly data: WireData } | { readonly status: '0'; readonly data: string };

/**
 * Text the parser reads back as written: quotes become apostrophes, backslashes slashes, braces
 * parentheses, control characters spaces, and lone surrogates (which JSON would escape) U+FFFD.
 */
export function wireText(text: string): string {
  return text
    .toWellFormed()
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/[{}]/g, (brace) => (brace === '{' ? '(' : ')'))
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

/** One item of a comma-joined list: what would break the list or the parser is percent-encoded. */
function listItem(text: string): string {
  return text.toWellFormed().replace(/[,"\\{}\u0000-\u001f\u007f\u2028\u2029]/g, (c) => encodeURIComponent(c));
}

export function formatAllow(payload: ReplyPayload): WireReply {
  switch (payload.kind) {
    case 'capacity': {
      const data: Record<string, string> = { conCurrentNumber: String(payload.capacity) };
      if (payload.groupId !== undefined && payload.groupId !== '') data.groupId = wireText(payload.groupId);
      return { status: '1', data };
    }
    case 'echo':
      return { status: '1', data: wireText(payload.echostr) };
    case 'channelList':
      return { status: '1', data: channelListData(payload) };
    case 'text':
      return { status: '1', data: wireText(payload.text) };
    case 'roomInfo':
      return { status: '1', data: `${listItem(payload.creator)},${payload.limit}` };
    case 'roomList':
      return { status: '1', data: lists([['roomIdList', payload.roomIds], ['creatorList', payload.creators], ['userDefineDataList', payload.userDefineData]]) };
    case 'groupId':
      return { status: '1', data: wireText(payload.groupId) };
    case 'members': {
      // 2.9.6 rejects a snapshot without groupList, even an empty one; ignoreList may go.
      const data: Record<string, string> = { groupList: payload.members.map(listItem).join(',') };
      if (payload.ignore.length > 0) data.ignoreList = payload.ignore.map(listItem).join(',');
      return { status: '1', data };
    }
    case 'groupList':
      return { status: '1', data: lists([['groupIdList', payload.groupIds], ['groupNameList', payload.names], ['creatorList', payload.creators]]) };
    case 'userList':
      return { status: '1', data: { userIdList: payload.users.map(listItem).join(','), isIgnore: payload.ignoring ? '1' : '0' } };
    case 'pushMode':
      return { status: '1', data: String(payload.mode) };
  }
}

/** Parallel comma-joined lists; a key is left out when none of its items says anything. */
function lists(entries: [string, string[]][]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, list] of entries) if (list.some((item) => item !== '')) data[key] = list.map(listItem).join(',');
  return data;
}

/** `{"status":"0","data":"N"}`: N names the reason in the media server's own words. */
export function formatDeny(code: number, family: ActionFamily | 'unknown'): WireReply {
  return { status: '0', data: String(wireIndexFor(code, family)) };
}

/** The reply's bytes: status first, then data, no whitespace. */
export function wireBody(reply: WireReply): string {
  return JSON.stringify({ status: reply.status, data: reply.data });
}

type ChannelListPayload = Extract<ReplyPayload, { kind: 'channelList' }>;

/**
 * Parallel lists, comma-joined; a key is left out when it has nothing to say (no channels,
 * or no channel has that field). Otherwise empty entries stay, so positions line up.
 */
function channelListData(payload: ChannelListPayload): Record<string, string> {
  return lists([
    ['channelIdList', payload.channelIds],
    ['roomIdList', payload.roomIds],
    ['creatorList', payload.creators],
    ['userDefineDataList', payload.userDefineData],
  ]);
}
