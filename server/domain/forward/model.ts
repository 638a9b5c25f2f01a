/**
 * Forward mode: a teardown (HANGUP, OFFLINE, DELETE, ...) answered while the studio's eventCenter
 * was down, kept to be sent to it later exactly as it arrived, at least once, in order.
 */
export interface Replay {
  id: string;
  action: string;
  method: 'GET' | 'POST';
  /** The request's Content-Type, sent again as it was. */
  contentType: string | null;
  /** The request body as received (for GET: the query string). */
  body: string;
  queuedAt: number;
}

/** The eventCenter's reply to one callback, as read (leniently) for what it tells us. */
export interface UpstreamAnswer {
  allowed: boolean;
  data: string | Readonly<Record<string, string>> | null;
  /** The reply as received, shortened, for the audit log. */
  raw: string;
}
