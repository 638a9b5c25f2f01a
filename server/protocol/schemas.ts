// One zod schema per AEC action, turning the parsed `data` object into a typed event. The live
// family's are here (aec-protocol.md §4), the others in family-schemas.ts.

import { z } from 'zod';
import { ACTION_NAMES, ACTIONS, type ActionFacts, type ActionName } from '../contract';
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
import { familySchemaOf } from './family-schemas';

type CreateChannelType = CreateChannelEvent['channelType'];

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

function queryChannelListSchema(action: string) {
  return z
    .object({ listTypes: listTypeList })
    .transform((f): QueryChannelListEvent => ({ kind: 'queryChannelList', action, listTypes: f.listTypes }));
}

// timestamp and nonce are only meaningful with a sign, which request.ts/sign.ts handle.
function accessValidationSchema(action: string) {
  return z
    .object({ echostr: verbatimText })
    .transform((f): AccessValidationEvent => ({ kind: 'accessValidation', action, echostr: f.echostr }));
}

export type EventSchema = z.ZodType<AecEventBody, unknown>;

function schemaOf(action: ActionName): EventSchema | undefined {
  const facts: ActionFacts = ACTIONS[action];
  switch (facts.kind) {
    case 'createChannel':
      return facts.channelType ? createChannelSchema(action, facts.channelType) : undefined;
    case 'applyUpload':
    case 'setUploader':
    case 'unsetUploader':
    case 'uploaderDisconnect':
    case 'uploaderUploading':
    case 'closeChannel':
    case 'deleteChannel':
    case 'userOnline':
    case 'applyDownload':
      return channelUserSchema(action, facts.kind);
    case 'proxyApplyUpload':
    case 'proxyCloseChannel':
    case 'proxyDeleteChannel':
      return liveProxySchema(action, facts.kind);
    case 'userPlaying':
    case 'userOffline':
      return viewerTrafficSchema(action, facts.kind);
    case 'queryChannelList':
      return queryChannelListSchema(action);
    case 'accessValidation':
      return accessValidationSchema(action);
    default:
      return familySchemaOf(action, facts);
  }
}

const schemas = new Map<string, EventSchema>(
  ACTION_NAMES.flatMap((action) => {
    const schema = schemaOf(action);
    return schema ? [[action, schema] as const] : [];
  }),
);

/** Every action parsed into a typed event; anything else becomes `unsupported`. */
export const supportedActions: readonly string[] = [...schemas.keys()];

/** The schema for a supported action, or undefined for every other family and unknown actions. */
export function schemaFor(action: string): EventSchema | undefined {
  return schemas.get(action);
}
