// What one callback came to: the reply for the wire and what the audit log keeps of it.

import type { WireReply } from '../protocol';

export interface CallbackOutcome {
  reply: WireReply;
  action: string;
  channelId: string | null;
  userId: string | null;
  /** Our code when denied (the wire carries the media server's index instead). */
  code: number | null;
  reason: string;
  /** The `data` text as received (truncated), for the audit log. */
  raw: string | null;
}
