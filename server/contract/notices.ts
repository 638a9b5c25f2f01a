// Things an operator must not miss; the desktop shell turns them into OS notifications.

export const NOTICE_KINDS = ['mediaServerSilent', 'channelLive', 'channelStale', 'storeError', 'upstreamDown'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type Notice =
  | { kind: 'mediaServerSilent'; silentForMs: number }
  | { kind: 'channelLive'; channelId: string }
  | { kind: 'channelStale'; channelId: string }
  | { kind: 'storeError'; message: string }
  /** Forward mode: the studio's own eventCenter stopped answering; fallbacks answer meanwhile. */
  | { kind: 'upstreamDown'; message: string };
