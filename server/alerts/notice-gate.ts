// Which notices are told, and when a repeat is held back. The desktop notifications and the
// webhooks share this rule, so a flapping media server or a failing disk buries neither the
// desktop nor the operator's phone in messages.

import type { Notice, NoticeKind } from '../contract';
import { notificationText, type NotificationText } from './notice-text';

/** Which kinds of notice are wanted: the desktop's switches, or the kinds some webhook takes. */
export type NotificationSwitches = Record<NoticeKind, boolean>;

/** How long the same news about the same thing stays quiet after it was told. */
export const REPEAT_QUIET_MS = 10 * 60_000;

/** What the news is about: repeats are judged per subject. */
function subjectOf(notice: Notice): string {
  switch (notice.kind) {
    case 'mediaServerSilent':
      return 'media-server';
    case 'channelLive':
    case 'channelStale':
      return `channel:${notice.channelId}`;
    case 'storeError':
      return `store:${notice.message}`;
    case 'upstreamDown':
      return 'upstream';
  }
}

/**
 * Remembers what was last told per subject. A notice is told when its kind is switched on and
 * it is not the same kind as the last one told for its subject within REPEAT_QUIET_MS, so a
 * channel going live, stale, live again is told each time, but "live, live" is told once.
 */
export class NotificationGate {
  private readonly lastShown = new Map<string, { kind: NoticeKind; at: number }>();

  constructor(private readonly quietMs: number = REPEAT_QUIET_MS) {}

  decide(notice: Notice, switches: NotificationSwitches, now: number): NotificationText | null {
    if (!switches[notice.kind]) return null;
    const subject = subjectOf(notice);
    const last = this.lastShown.get(subject);
    if (last !== undefined && last.kind === notice.kind && now - last.at < this.quietMs) return null;
    this.lastShown.set(subject, { kind: notice.kind, at: now });
    return notificationText(notice);
  }
}
