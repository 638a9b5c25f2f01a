// One zod schema per AEC live action, turning the parsed `data` object into a typed event.
// Which fields each action requires follows section 4 of aec-protocol.md.

import { z } from 'zod';
import type {
  AccessValidationEvent,
  AecEventBody,
  ChannelUserEvent,
  CreateChannelEvent,
  LiveProxyChannelEvent,
  QueryChannelListEvent,
  ViewerTrafficEvent,
} from '../domain/events';
import {
  id,
  integer,
  lenientSeconds,
  listTypeList,
  MAX_CAPACITY,
  MAX_DISCHARGE,
  MAX_LIST_TYPE,
  optionalId,
  optionalInteger,
  optionalText,
  userIdList,
  verbatimText,
} from './fields';

type CreateChannelType = CreateChannelEvent['channelType'];

export const createChannelActions: Readonly<Record<string, CreateChannelType>> = {
  AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC: 'GLOBAL_PUBLIC',
  AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC: 'LOGIN_PUBLIC',
  AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC: 'GROUP_PUBLIC',
  AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY: 'LOGIN_SPECIFY',
  AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY: 'GROUP_SPECIFY',
  AEC_LIVE_CREATE_CHANNEL_BROADCAST: 'BROADCAST',
  AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC: 'LIVEPROXY',
};

export const channelUserActions: Readonly<Record<string, ChannelUserEvent['kind']>> = {
  AEC_LIVE_APPLY_UPLOAD_CHANNEL: 'applyUpload',
  AEC_LIVE_SET_CHANNEL_UPLOADER: 'setUploader',
  AEC_LIVE_UNSET_CHANNEL_UPLOADER: 'unsetUploader',
  AEC_LIVE_UPLOADER_DISCONNECT: 'uploaderDisconnect',
  AEC_LIVE_UPLOADER_UPLOADING: 'uploaderUploading',
  AEC_LIVE_CLOSE_CHANNEL: 'closeChannel',
  AEC_LIVE_DELETE_CHANNEL: 'deleteChannel',
  AEC_LIVE_USER_ONLINE: 'userOnline',
  AEC_LIVE_APPLY_DOWNLOAD_CHANNEL: 'applyDownload',
};

export const liveProxyActions: Readonly<Record<string, LiveProxyChannelEvent['kind']>> = {
  AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL: 'proxyApplyUpload',
  AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL: 'proxyCloseChannel',
  AEC_LIVE_LIVEPROXY_DELETE_CHANNEL: 'proxyDeleteChannel',
};

export const viewerTrafficActions: Readonly<Record<string, ViewerTrafficEvent['kind']>> = {
  AEC_LIVE_USER_PLAYING: 'userPlaying',
  AEC_LIVE_USER_OFFLINE: 'userOffline',
};

export const QUERY_CHANNEL_LIST_ACTION = 'AEC_LIVE_QUERY_ALL_CHANNEL_LIST';
export const ACCESS_VALIDATION_ACTION = 'AEC_ACCESS_VALIDATION';

/** Every action parsed into a typed event; anything else becomes `unsupported`. */
export const supportedActions: readonly string[] = [
  ...Object.keys(createChannelActions),
  ...Object.keys(channelUserActions),
  ...Object.keys(liveProxyActions),
  ...Object.keys(viewerTrafficActions),
  QUERY_CHANNEL_LIST_ACTION,
  ACCESS_VALIDATION_ACTION,
];

/** Drops keys whose value is undefined, so events serialise and compare cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const capacity = integer(0, MAX_CAPACITY);
/** A field this action does not use: whatever was sent is left out of the event. */
const ignored = z
  .unknown()
  .transform((): undefined => undefined)
  .optional();

function createChannelSchema(action: string, channelType: CreateChannelType) {
  const isGroup = channelType === 'GROUP_PUBLIC' || channelType === 'GROUP_SPECIFY';
  const isSpecify = channelType === 'LOGIN_SPECIFY' || channelType === 'GROUP_SPECIFY';
  return z
    .object({
      channelId: id,
      // A pulled (LIVEPROXY) channel has no creator.
      userId: channelType === 'LIVEPROXY' ? optionalId : id,
      roomId: optionalId,
      groupId: isGroup ? id : optionalId,
      // Group channels are not sent a capacity in the table; 0 = no limit, the domain caps it.
      conCurrentNumber: isGroup ? optionalInteger(0, MAX_CAPACITY) : capacity,
      extra: optionalText,
      listType: optionalInteger(0, MAX_LIST_TYPE),
      specify: isSpecify ? userIdList : ignored,
    })
    .transform(
      (f): CreateChannelEvent =>
        compact({
          kind: 'createChannel',
          action,
          channelType,
          channelId: f.channelId,
          userId: f.userId,
          roomId: f.roomId,
          groupId: f.groupId,
          capacity: f.conCurrentNumber ?? 0,
          extra: f.extra,
          listType: f.listType,
          specify: f.specify,
        }),
    );
}

function channelUserSchema(action: string, kind: ChannelUserEvent['kind']) {
  return z
    .object({ channelId: id, userId: id })
    .transform((f): ChannelUserEvent => ({ kind, action, channelId: f.channelId, userId: f.userId }));
}

function liveProxySchema(action: string, kind: LiveProxyChannelEvent['kind']) {
  return z.object({ channelId: id }).transform((f): LiveProxyChannelEvent => ({ kind, action, channelId: f.channelId }));
}

function viewerTrafficSchema(action: string, kind: ViewerTrafficEvent['kind']) {
  return z
    .object({ channelId: id, userId: id, discharge: integer(0, MAX_DISCHARGE), time: lenientSeconds })
    .transform(
      (f): ViewerTrafficEvent =>
        compact({ kind, action, channelId: f.channelId, userId: f.userId, discharge: f.discharge, time: f.time }),
    );
}

const queryChannelListSchema = z
  .object({ listTypes: listTypeList })
  .transform((f): QueryChannelListEvent => ({ kind: 'queryChannelList', action: QUERY_CHANNEL_LIST_ACTION, listTypes: f.listTypes }));

// timestamp and nonce are only meaningful with a sign, which request.ts/sign.ts handle.
const accessValidationSchema = z
  .object({ echostr: verbatimText })
  .transform((f): AccessValidationEvent => ({ kind: 'accessValidation', action: ACCESS_VALIDATION_ACTION, echostr: f.echostr }));

export type EventSchema = z.ZodType<AecEventBody, unknown>;

function buildSchemas(): Map<string, EventSchema> {
  const schemas = new Map<string, EventSchema>();
  for (const [action, type] of Object.entries(createChannelActions)) schemas.set(action, createChannelSchema(action, type));
  for (const [action, kind] of Object.entries(channelUserActions)) schemas.set(action, channelUserSchema(action, kind));
  for (const [action, kind] of Object.entries(liveProxyActions)) schemas.set(action, liveProxySchema(action, kind));
  for (const [action, kind] of Object.entries(viewerTrafficActions)) schemas.set(action, viewerTrafficSchema(action, kind));
  schemas.set(QUERY_CHANNEL_LIST_ACTION, queryChannelListSchema);
  schemas.set(ACCESS_VALIDATION_ACTION, accessValidationSchema);
  return schemas;
}

const schemas = buildSchemas();

/** The schema for a supported action, or undefined for every other family and unknown actions. */
export function schemaFor(action: string): EventSchema | undefined {
  return schemas.get(action);
}
