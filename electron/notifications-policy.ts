// Which core notices become OS notifications, and what they say. The operator can switch each
// kind off in the settings; repeats of the same news about the same thing are held back for a
// while so a flapping media server or a failing disk does not bury the desktop in pop-ups.

import type { Notice } from '../server/contract';
import type { SettingsView } from '../server/contract';

export type NotificationSwitches = SettingsView['notifications'];

export interface NotificationText {
  title: string;
  body: string;
  /** Errors ask the OS to keep the notification up; news may fade. */
  urgent: boolean;
}

/** How long the same news about the same thing stays quiet after it was shown. */
export const REPEAT_QUIET_MS = 10 * 60_000;

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

export function notificationText(notice: Notice): NotificationText {
  switch (notice.kind) {
    case 'mediaServerSilent':
      return {
        title: 'Media server stopped calling',
        body: `No AEC callback for ${minutes(notice.silentForMs)}. Check that the media server runs and that its aecurl points here.`,
        urgent: true,
      };
    case 'channelLive':
      return { title: 'Channel live', body: `Channel ${notice.channelId} is on air.`, urgent: false };
    case 'channelStale':
      return {
        title: 'Channel stale',
        body: `Channel ${notice.channelId} stopped reporting without a disconnect.`,
        urgent: false,
      };
    case 'storeError':
      return { title: 'Data store problem', body: notice.message, urgent: true };
    case 'upstreamDown':
      return { title: 'Studio eventCenter not answering', body: notice.message, urgent: true };
  }
}

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
 * Remembers what was last shown per subject. A notice is shown when its kind is switched on and
 * it is not the same kind as the last one shown for its subject within REPEAT_QUIET_MS, so a
 * channel going live, stale, live again is told each time, but "live, live" is told once.
 */
export class NotificationGate {
  private readonly lastShown = new Map<string, { kind: Notice['kind']; at: number }>();

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
