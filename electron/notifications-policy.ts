// Which core notices become OS notifications, and what they say. The rule and the words live in
// the server (server/alerts), shared with the webhooks; this file adds only what the OS
// notification itself needs.

import type { NotificationText } from '../server/alerts/notice-text';

export { NotificationGate, REPEAT_QUIET_MS, type NotificationSwitches } from '../server/alerts/notice-gate';
export { notificationText, type NotificationText } from '../server/alerts/notice-text';

/** Urgent news stays on screen until dismissed; the rest may fade. */
export function osNotificationOptions(text: NotificationText, iconPath: string): {
  title: string;
  body: string;
  icon: string;
  urgency: 'critical' | 'normal';
  timeoutType: 'never' | 'default';
} {
  return {
    title: text.title,
    body: text.body,
    icon: iconPath,
    urgency: text.urgent ? 'critical' : 'normal',
    timeoutType: text.urgent ? 'never' : 'default',
  };
}
