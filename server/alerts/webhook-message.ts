// The body each kind of receiver expects for one alert. Chat bots get one plain-text message
// (their "text" message type); the generic receiver gets the notice itself as JSON.
//
// WeCom group bot:     {"msgtype":"text","text":{"content":"..."}}   (content at most 2048 bytes)
// DingTalk custom bot: {"msgtype":"text","text":{"content":"..."}}
// Feishu custom bot:   {"msg_type":"text","content":{"text":"..."}}
// Slack incoming hook: {"text":"..."}

import type { Notice, WebhookFormat } from '../contract';
import type { NotificationText } from './notice-text';

export const PRODUCT_NAME = 'AEC Live Monitor';

/** What every message carries besides the news: where it comes from and when. */
export interface AlertOrigin {
  /** This machine's name, so a phone that follows several studios can tell them apart. */
  host: string;
  at: number;
}

/** The generic receiver's body. */
export interface JsonAlert {
  source: 'aec-live-monitor';
  host: string;
  at: number;
  /** The notice kind, or `test` for POST /api/webhooks/test. */
  kind: Notice['kind'] | 'test';
  title: string;
  text: string;
  urgent: boolean;
  /** The notice as the core raised it; null for a test message. */
  notice: Notice | null;
}

/** WeCom refuses text content over 2048 bytes; the other bots allow more but nothing we say is that long. */
const MAX_TEXT_BYTES = 2048;

/**
 * One message in plain words. The product name leads, so a DingTalk or Feishu bot guarded by a
 * keyword can use "AEC Live Monitor" as its keyword.
 */
export function messageText(text: NotificationText, origin: AlertOrigin): string {
  const full = `${PRODUCT_NAME} · ${text.title}\n${text.body}\n(${origin.host}, ${new Date(origin.at).toISOString()})`;
  return fitBytes(full, MAX_TEXT_BYTES);
}

export function webhookBody(format: WebhookFormat, text: NotificationText, notice: Notice | null, origin: AlertOrigin): unknown {
  const content = messageText(text, origin);
  switch (format) {
    case 'json':
      return {
        source: 'aec-live-monitor',
        host: origin.host,
        at: origin.at,
        kind: notice?.kind ?? 'test',
        title: text.title,
        text: text.body,
        urgent: text.urgent,
        notice,
      } satisfies JsonAlert;
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content } };
    case 'feishu':
      return { msg_type: 'text', content: { text: content } };
    case 'slack':
      return { text: content };
  }
}

/** The test message of POST /api/webhooks/test. */
export function testText(): NotificationText {
  return { title: 'Test message', body: 'Alerts from this server reach this place.', urgent: false };
}

function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  // Cut on whole characters (never half a surrogate pair), a tenth at a time.
  let chars = [...text];
  while (Buffer.byteLength(`${chars.join('')}…`) > maxBytes) chars = chars.slice(0, Math.floor(chars.length * 0.9));
  return `${chars.join('')}…`;
}
