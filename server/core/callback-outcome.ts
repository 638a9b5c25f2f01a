// What one callback came to: the reply's exact bytes and what the audit log keeps of it.

import { wireBody, type WireReply } from '../protocol';

export interface CallbackOutcome {
  /** The reply body as sent: ours, or in forward mode the eventCenter's (verbatim or rewritten). */
  body: string;
  allowed: boolean;
  action: string;
  channelId: string | null;
  userId: string | null;
  /** Our code when denied (the wire carries the media server's index instead). */
  code: number | null;
  reason: string;
  /** The `data` text as received (truncated), for the audit log. */
  raw: string | null;
}

export function replyFields(reply: WireReply): Pick<CallbackOutcome, 'body' | 'allowed'> {
  return { body: wireBody(reply), allowed: reply.status === '1' };
}
