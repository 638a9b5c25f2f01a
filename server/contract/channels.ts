// A live channel's life as the dashboard and the API name it.

/** Where a channel is in its life, as decided by creators, the media server and the operator. */
export const CHANNEL_LIFECYCLES = ['open', 'closing', 'closed', 'deleted'] as const;
export type ChannelLifecycle = (typeof CHANNEL_LIFECYCLES)[number];

/** What the operator sees: lifecycle plus liveness. */
export const CHANNEL_DISPLAY_STATES = ['live', 'idle', 'closing', 'closed', 'deleted', 'adopted', 'stale'] as const;
export type ChannelDisplayState = (typeof CHANNEL_DISPLAY_STATES)[number];

/** Why an uploader or a viewer session ended. */
export const PRESENCE_ENDS = ['offline', 'disconnect', 'aged', 'denied', 'kicked', 'closed'] as const;
export type PresenceEnd = (typeof PRESENCE_ENDS)[number];
