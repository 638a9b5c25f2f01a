// Typed callback events, as produced by server/protocol from the media server's `data` JSON.
// Field values are already validated and normalised (numbers parsed, ids trimmed).

import type { CreatedChannelType } from '../contract';
import type { FamilyEvent } from './family-events';

export interface CreateChannelEvent {
  kind: 'createChannel';
  action: string;
  channelType: CreatedChannelType;
  channelId: string;
  /** Absent only for LIVEPROXY channels. */
  userId?: string;
  roomId?: string;
  groupId?: string;
  /** 0 means no limit; range is checked by the domain against settings. */
  capacity: number;
  extra?: string;
  listType?: number;
  /** Users allowed on SPECIFY channels. */
  specify?: string[];
}

export interface ChannelUserEvent {
  kind:
    | 'applyUpload'
    | 'setUploader'
    | 'unsetUploader'
    | 'uploaderDisconnect'
    | 'uploaderUploading'
    | 'closeChannel'
    | 'deleteChannel'
    | 'userOnline'
    | 'applyDownload';
  action: string;
  channelId: string;
  userId: string;
}

export interface LiveProxyChannelEvent {
  kind: 'proxyApplyUpload' | 'proxyCloseChannel' | 'proxyDeleteChannel';
  action: string;
  channelId: string;
}

export interface ViewerTrafficEvent {
  kind: 'userPlaying' | 'userOffline';
  action: string;
  channelId: string;
  userId: string;
  /** Bytes consumed since the last report. */
  discharge: number;
  /** The `time` field as sent, when numeric (seconds). */
  time?: number;
}

export interface QueryChannelListEvent {
  kind: 'queryChannelList';
  action: string;
  listTypes: number[];
}

export interface AccessValidationEvent {
  kind: 'accessValidation';
  action: string;
  echostr: string;
}

/** An action no family decides: one we do not know, or the enum's sentinel. */
export interface UnsupportedEvent {
  kind: 'unsupported';
  action: string;
  channelId?: string;
  userId?: string;
}

export type AecEventBody =
  | CreateChannelEvent
  | ChannelUserEvent
  | LiveProxyChannelEvent
  | ViewerTrafficEvent
  | QueryChannelListEvent
  | AccessValidationEvent
  | FamilyEvent
  | UnsupportedEvent;

/** The events of the live family. */
export type LiveEvent = (CreateChannelEvent | ChannelUserEvent | LiveProxyChannelEvent | ViewerTrafficEvent | QueryChannelListEvent) & {
  ts?: number;
};

/** Common envelope: `ts` is the sender's clock in seconds, when sent. */
export type AecEvent = AecEventBody & { ts?: number };

/** The ids an audit entry files an event under: its channel, chat room or group, and its user. */
export function auditIdsOf(event: AecEvent): { channelId: string | null; userId: string | null } {
  const subject = 'channelId' in event ? event.channelId : 'roomId' in event ? event.roomId : 'groupId' in event ? event.groupId : undefined;
  const user = 'userId' in event ? event.userId : 'caller' in event ? event.caller : undefined;
  return { channelId: subject ?? null, userId: user ?? null };
}
