import type { Change } from './changes';

/** What a "1" reply carries, in domain terms; server/protocol turns it into the wire shape. */
export type ReplyPayload =
  | { kind: 'text'; text: string }
  /** APPLY_UPLOAD: the channel's capacity, and its groupId for group channels. */
  | { kind: 'capacity'; capacity: number; groupId?: string }
  /** ACCESS_VALIDATION: echostr verbatim. */
  | { kind: 'echo'; echostr: string }
  /** QUERY_ALL_CHANNEL_LIST: parallel lists, comma-joined on the wire, keys omitted when empty. */
  | { kind: 'channelList'; channelIds: string[]; roomIds: string[]; creators: string[]; userDefineData: string[] };

export type Decision =
  | { allow: true; reason: string; reply: ReplyPayload; changes: Change[] }
  | { allow: false; reason: string; code: number; changes: Change[] };

export function allow(reason: string, changes: Change[] = [], reply: ReplyPayload = { kind: 'text', text: 'ok' }): Decision {
  return { allow: true, reason, reply, changes };
}

/** A denial may still change state (e.g. a "0" to PLAYING ends that viewer's session). */
export function deny(code: number, reason: string, changes: Change[] = []): Decision {
  return { allow: false, reason, code, changes };
}
