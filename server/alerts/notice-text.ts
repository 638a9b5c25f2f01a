// What each notice says, in one place: the desktop notification and every webhook message
// (chat bot or JSON) use these words, so the operator reads the same news wherever it lands.

import type { Notice } from '../contract';

export interface NotificationText {
  title: string;
  body: string;
  /** Errors ask the OS to keep the notification up; news may fade. */
  urgent: boolean;
}

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
