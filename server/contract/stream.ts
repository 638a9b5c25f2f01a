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

/** The topics whose messages are rows by id, sent as deltas. */
export type RowTopic = Exclude<StreamTopic, 'audit'>;
/** What carries a sequence number: each row topic and the summary, numbered on their own. */
export type SequencedPart = RowTopic | 'summary';

/**
 * A change to the rows of one topic. A row the page has not seen comes whole (`rows`); after
 * that only the fields that changed, with its id (`changed`); a row that is gone, by id
 * (`removed`). `seq` is one more than the topic's previous message: a page that sees a gap missed
 * something and reconnects, and every connection starts with a whole `snapshot`.
 */
export interface RowsDelta<Row extends { id: string }> {
  seq: number;
  rows?: Row[];
  changed?: (Partial<Row> & { id: string })[];
  removed?: string[];
}

/**
 * Only what changed: a nested object lists only its fields that changed, unless it was `null`
 * before (then it comes whole); arrays and `null` come whole.
 */
export type Patch<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Patch<T[K]> } : T;

/** Server-Sent Events on GET /api/stream, `event:` name -> JSON `data:`. Summary, bans and heartbeats go to every stream. */
export interface StreamEvents {
  /**
   * On connect (and so on every reconnect): the whole summary, the whole rows of each subscribed
   * topic that has rows, and the sequence number each part's deltas continue from.
   */
  snapshot: {
    summary: Summary;
    channels?: ChannelRow[];
    chatrooms?: ChatRoomRow[];
    groups?: GroupRow[];
    calls?: CallRow[];
    seq: { [P in SequencedPart]?: number };
  };
  /** Coalesced: what changed in the rows since the last message (at most four a second). */
  channels: RowsDelta<ChannelRow>;
  chatrooms: RowsDelta<ChatRoomRow>;
  groups: RowsDelta<GroupRow>;
  calls: RowsDelta<CallRow>;
  /** Coalesced: new audit entries, oldest first. */
  audit: { entries: AuditEntry[] };
  /** About once a second: the summary's fields that changed since the last one (whole once, in the snapshot). */
  summaryChanges: { seq: number; changes: Patch<Summary> };
  bans: { bans: BanRow[] };
  /** Every 15 s, so a dead connection is noticed. */
  heartbeat: { now: number };
  /** News the operator must not miss (notices.ts), as the core raises it; the desktop app attached to a LAN server notifies from these. */
  notice: Notice;
}
