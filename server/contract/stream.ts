// The live stream of the admin API (Server-Sent Events on GET /api/stream).

import type { AuditEntry } from './audit';
import type { BanRow, ChannelRow, Summary } from './api';
import type { CallRow, ChatRoomRow, GroupRow } from './api-families';
import type { Notice } from './notices';

/**
 * What a page subscribes to on GET /api/stream?topics=a,b: only what the open view needs. With
 * `&audit=deny,operator,error` (AUDIT_DECISIONS) the audit topic carries only those decisions.
 */
export const STREAM_TOPICS = ['channels', 'audit', 'chatrooms', 'groups', 'calls'] as const;
export type StreamTopic = (typeof STREAM_TOPICS)[number];
/** Without `topics`: the channels and the audit log. */
export const DEFAULT_STREAM_TOPICS: readonly StreamTopic[] = ['channels', 'audit'];

/** Server-Sent Events on GET /api/stream, `event:` name -> JSON `data:`. Summary, bans and heartbeats go to every stream. */
export interface StreamEvents {
  /** On connect: the summary and the rows of each subscribed topic that has rows. */
  snapshot: { summary: Summary; channels?: ChannelRow[]; chatrooms?: ChatRoomRow[]; groups?: GroupRow[]; calls?: CallRow[] };
  /** Coalesced: rows of channels that changed since the last message. */
  channels: { rows: ChannelRow[] };
  chatrooms: { rows: ChatRoomRow[] };
  groups: { rows: GroupRow[] };
  calls: { rows: CallRow[] };
  /** Coalesced: new audit entries, oldest first. */
  audit: { entries: AuditEntry[] };
  /** About once a second. */
  summary: Summary;
  bans: { bans: BanRow[] };
  /** Every 15 s, so a dead connection is noticed. */
  heartbeat: { now: number };
  /** News the operator must not miss (notices.ts), as the core raises it; the desktop app attached to a LAN server notifies from these. */
  notice: Notice;
}
