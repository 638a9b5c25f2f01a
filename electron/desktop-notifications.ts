// OS notifications for the server the app follows, through the shared repeat guard and words
// (server/alerts). Clicking one brings the dashboard forward.

import { Notification } from 'electron';
import { NotificationGate, osNotificationOptions } from './notifications-policy';
import type { FollowedServer } from './followed-server';

/** Shown notifications, held so their click handlers are not garbage-collected. */
const shown = new Set<Notification>();

/** Notifies from `server`'s notices until the returned function is called. */
export function notifyFrom(server: FollowedServer, iconPath: string, onClick: () => void): () => void {
  // A new gate per server: news from one server never silences the same news from another.
  const gate = new NotificationGate();
  return server.onNotice((notice) => {
    void server.notificationSwitches().then((switches) => {
      const text = gate.decide(notice, switches, Date.now());
      if (text === null || !Notification.isSupported()) return;
      const notification = new Notification(osNotificationOptions(text, iconPath));
      shown.add(notification);
      const forget = (): void => void shown.delete(notification);
      notification.on('click', () => {
        forget();
        onClick();
      });
      notification.on('close', forget);
      notification.show();
    });
  });
}
