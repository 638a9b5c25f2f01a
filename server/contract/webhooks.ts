// Outgoing alerts: the news an operator must not miss, posted to a chat bot or any HTTP endpoint.

import type { NoticeKind } from './notices';

/** How the body is shaped: a generic JSON POST, or the text message of a chat bot. */
export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
  /** Which notices go to it. */
  events: NoticeKind[];
}

/** POST /api/webhooks/test: send a test message to one target (given, or the index-th of the settings) or to all. */
export interface WebhookTestRequest {
  index?: number;
  target?: WebhookTarget;
}

export interface WebhookTestResult {
  url: string;
  ok: boolean;
  /** HTTP status of the receiver's answer, when one came. */
  status: number | null;
  error: string | null;
}

export interface WebhookTestResponse {
  results: WebhookTestResult[];
}
