// Every AEC action a StarRTC media server can send to its business URL, with what we know of
// each (aec-media-server-2.9.6.md §1.4 and §2–§5). This is the only place an action's name is
// written; everything else refers to it through `Action` or looks it up here.

export const ACTION_FAMILIES = ['live', 'chatroom', 'group', 'voip', 'push', 'access'] as const;
export type ActionFamily = (typeof ACTION_FAMILIES)[number];

/**
 * What an action does, as far as answering it goes:
 * create   makes a thing (channel, room, group); a "0" refuses it
 * admit    lets a user in (upload, watch, call); a "0" refuses the user
 * report   once-a-minute keep-alive; a "0" ENDS the viewer, uploader or call
 * teardown something ended; the answer changes nothing on the media server
 * change   alters a thing (uploader rights, members, push mode)
 * query    asks for stored facts (room creator, members, push mode, lists)
 */
export const ACTION_ROLES = ['create', 'admit', 'report', 'teardown', 'change', 'query'] as const;
export type ActionRole = (typeof ACTION_ROLES)[number];

export const CHANNEL_TYPES = [
  'GLOBAL_PUBLIC',
  'LOGIN_PUBLIC',
  'GROUP_PUBLIC',
  'LOGIN_SPECIFY',
  'GROUP_SPECIFY',
  'BROADCAST',
  'LIVEPROXY',
  'unknown',
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type CreatedChannelType = Exclude<ChannelType, 'unknown'>;

/** The typed event the protocol layer turns each action into; the domain decides by kind. */
export const EVENT_KINDS = [
  'createChannel',
  'applyUpload',
  'setUploader',
  'unsetUploader',
  'uploaderDisconnect',
  'uploaderUploading',
  'closeChannel',
  'deleteChannel',
  'userOnline',
  'applyDownload',
  'userPlaying',
  'userOffline',
  'proxyApplyUpload',
  'proxyCloseChannel',
  'proxyDeleteChannel',
  'queryChannelList',
  'chatRoomCreate',
  'chatRoomIsExist',
  'chatRoomDelete',
  'chatRoomSendMsg',
  'chatRoomSaveToList',
  'chatRoomDelFromList',
  'chatRoomQueryList',
  'groupCreate',
  'groupSyncAll',
  'groupDelete',
  'groupAddUsers',
  'groupRemoveUsers',
  'groupSetPushIgnore',
  'groupUnsetPushIgnore',
  'groupGetGroupList',
  'groupGetUserList',
  'groupPushSystemMsg',
  'groupPushGroupMsg',
  'callOnline',
  'callPlaying',
  'callHangup',
  'pushModeGet',
  'pushModeSet',
  'accessValidation',
  'verifyUserLogin',
  'never',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ActionFacts {
  family: ActionFamily;
  kind: EventKind;
  role: ActionRole;
  /** Sent to the URL by the 2.9.6 programs with aecurl set; false: older builds or never. */
  sentBy296: boolean;
  /** Group changes whose reply must be the member snapshot `{groupList, ignoreList}`. */
  syncAll?: boolean;
  /** Channel creates: the type of channel made. */
  channelType?: CreatedChannelType;
  /** The keys it carries after `ts` and `action` (the 2.9.6 key sets; older builds' extras too). */
  fields: readonly string[];
}

const live = (fields: readonly string[], kind: EventKind, role: ActionRole, channelType?: CreatedChannelType, sentBy296 = true): ActionFacts =>
  channelType ? { family: 'live', kind, role, sentBy296, channelType, fields } : { family: 'live', kind, role, sentBy296, fields };
const chatroom = (fields: readonly string[], kind: EventKind, role: ActionRole, sentBy296 = true): ActionFacts => ({
  family: 'chatroom',
  kind,
  role,
  sentBy296,
  fields,
});
const group = (fields: readonly string[], kind: EventKind, role: ActionRole, syncAll = false, sentBy296 = true): ActionFacts =>
  syncAll ? { family: 'group', kind, role, sentBy296, syncAll, fields } : { family: 'group', kind, role, sentBy296, fields };

// The web SDK's creates also carry `roomLiveType`; older builds `listType`.
const CREATE_FIELDS = ['userId', 'roomId', 'listType', 'channelId', 'conCurrentNumber', 'extra', 'roomLiveType'];
const GROUP_CREATE_FIELDS = ['userId', 'groupId', 'channelId', 'conCurrentNumber', 'extra', 'roomLiveType'];
const CHANNEL_USER = ['userId', 'channelId'];
const VIEWER_TRAFFIC = ['userId', 'channelId', 'time', 'discharge'];
const ROOM_USER = ['userId', 'roomId'];
const GROUP_USER = ['userId', 'groupId'];
const CALL_FIELDS = ['userId', 'userId2', 'time'];

export const ACTIONS = {
  'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC': live(CREATE_FIELDS, 'createChannel', 'create', 'GLOBAL_PUBLIC'),
  'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC': live(CREATE_FIELDS, 'createChannel', 'create', 'LOGIN_PUBLIC'),
  'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC': live(GROUP_CREATE_FIELDS, 'createChannel', 'create', 'GROUP_PUBLIC'),
  'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY': live([...CREATE_FIELDS, 'specify'], 'createChannel', 'create', 'LOGIN_SPECIFY'),
  'AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY': live([...GROUP_CREATE_FIELDS, 'specify'], 'createChannel', 'create', 'GROUP_SPECIFY'),
  'AEC_LIVE_CREATE_CHANNEL_BROADCAST': live(CREATE_FIELDS, 'createChannel', 'create', 'BROADCAST'),
  'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC': live(['roomId', 'listType', 'channelId', 'conCurrentNumber', 'extra'], 'createChannel', 'create', 'LIVEPROXY'),
  'AEC_LIVE_APPLY_UPLOAD_CHANNEL': live(CHANNEL_USER, 'applyUpload', 'admit'),
  'AEC_LIVE_SET_CHANNEL_UPLOADER': live(CHANNEL_USER, 'setUploader', 'change'),
  'AEC_LIVE_UNSET_CHANNEL_UPLOADER': live(CHANNEL_USER, 'unsetUploader', 'change'),
  'AEC_LIVE_UPLOADER_DISCONNECT': live(CHANNEL_USER, 'uploaderDisconnect', 'teardown'),
  'AEC_LIVE_UPLOADER_UPLOADING': live(CHANNEL_USER, 'uploaderUploading', 'report'),
  'AEC_LIVE_CLOSE_CHANNEL': live(CHANNEL_USER, 'closeChannel', 'teardown'),
  'AEC_LIVE_DELETE_CHANNEL': live(CHANNEL_USER, 'deleteChannel', 'teardown'),
  'AEC_LIVE_USER_ONLINE': live(['userId', 'channelId', 'time'], 'userOnline', 'admit'),
  'AEC_LIVE_USER_PLAYING': live(VIEWER_TRAFFIC, 'userPlaying', 'report'),
  'AEC_LIVE_USER_OFFLINE': live(VIEWER_TRAFFIC, 'userOffline', 'teardown'),
  'AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL': live(['channelId'], 'proxyApplyUpload', 'admit'),
  'AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL': live(['channelId'], 'proxyCloseChannel', 'teardown'),
  'AEC_LIVE_LIVEPROXY_DELETE_CHANNEL': live(['channelId'], 'proxyDeleteChannel', 'teardown'),
  'AEC_LIVE_APPLY_DOWNLOAD_CHANNEL': live(CHANNEL_USER, 'applyDownload', 'admit', undefined, false),
  'AEC_LIVE_QUERY_ALL_CHANNEL_LIST': live(['listTypes'], 'queryChannelList', 'query', undefined, false),

  'AEC_CHATROOM_CREATE': chatroom(['userId', 'roomId', 'roomType', 'conCurrentNumber', 'userDefineData', 'listType'], 'chatRoomCreate', 'create'),
  'AEC_CHATROOM_IS_EXIST': chatroom(ROOM_USER, 'chatRoomIsExist', 'query'),
  'AEC_CHATROOM_DELETE': chatroom(ROOM_USER, 'chatRoomDelete', 'teardown'),
  'AEC_CHATROOM_SEND_MSG': chatroom(ROOM_USER, 'chatRoomSendMsg', 'admit', false),
  'AEC_CHATROOM_SAVE_TO_CHATROOM_LIST': chatroom(['userId', 'roomId', 'listType', 'userDefineData'], 'chatRoomSaveToList', 'change', false),
  'AEC_CHATROOM_DEL_FROM_CHATROOM_LIST': chatroom(['userId', 'roomId', 'listType'], 'chatRoomDelFromList', 'change', false),
  'AEC_CHATROOM_QUERY_ALL_CHATROOM_LIST': chatroom(['listTypes', 'userId'], 'chatRoomQueryList', 'query', false),

  'AEC_GROUP_CREATE': group(['userId', 'addUsers', 'userDefineData'], 'groupCreate', 'create'),
  'AEC_GROUP_SYNC_ALL': group(['groupId'], 'groupSyncAll', 'query', true),
  'AEC_GROUP_DEL': group(GROUP_USER, 'groupDelete', 'teardown'),
  'AEC_GROUP_ADD_USER': group(['userId', 'groupId', 'addUsers', 'userDefineData'], 'groupAddUsers', 'change'),
  'AEC_GROUP_ADD_USER_AND_SYNC_ALL': group(['userId', 'groupId', 'addUsers', 'userDefineData'], 'groupAddUsers', 'change', true),
  'AEC_GROUP_REMOVE_USER': group(['userId', 'groupId', 'removeUsers'], 'groupRemoveUsers', 'change'),
  'AEC_GROUP_REMOVE_USER_AND_SYNC_ALL': group(['userId', 'groupId', 'removeUsers'], 'groupRemoveUsers', 'change', true),
  'AEC_SET_GROUP_PUSH_IGNORE': group(GROUP_USER, 'groupSetPushIgnore', 'change'),
  'AEC_SET_GROUP_PUSH_IGNORE_AND_SYNC_ALL': group(GROUP_USER, 'groupSetPushIgnore', 'change', true),
  'AEC_UNSET_GROUP_PUSH_IGNORE': group(GROUP_USER, 'groupUnsetPushIgnore', 'change'),
  'AEC_UNSET_GROUP_PUSH_IGNORE_AND_SYNC_ALL': group(GROUP_USER, 'groupUnsetPushIgnore', 'change', true),
  'AEC_GROUP_GET_GROUP_LIST': group(['userId'], 'groupGetGroupList', 'query', false, false),
  'AEC_GROUP_GET_USER_LIST': group(GROUP_USER, 'groupGetUserList', 'query', false, false),
  'AEC_GROUP_PUSH_SYSTEM_MSG': group(['userId'], 'groupPushSystemMsg', 'admit'),
  'AEC_GROUP_PUSH_SYSTEM_GROUP_MSG': group(GROUP_USER, 'groupPushGroupMsg', 'admit'),

  'AEC_VOIP_USER_ONLINE': { family: 'voip', kind: 'callOnline', role: 'admit', sentBy296: true, fields: CALL_FIELDS },
  'AEC_VOIP_USER_PLAYING': { family: 'voip', kind: 'callPlaying', role: 'report', sentBy296: true, fields: CALL_FIELDS },
  'AEC_VOIP_USER_HANGUP': { family: 'voip', kind: 'callHangup', role: 'teardown', sentBy296: true, fields: ['userId', 'userId2', 'hangupUserId', 'time'] },

  'AEC_MSG_SERVER_GET_PUSH_MODE': { family: 'push', kind: 'pushModeGet', role: 'query', sentBy296: true, fields: ['userId'] },
  'AEC_MSG_SERVER_SET_PUSH_MODE': { family: 'push', kind: 'pushModeSet', role: 'change', sentBy296: true, fields: ['userId', 'pushMode'] },

  'AEC_ACCESS_VALIDATION': { family: 'access', kind: 'accessValidation', role: 'query', sentBy296: false, fields: ['echostr', 'timestamp', 'nonce'] },
  'AEC_ACTION_VERIFY_USER_LOGIN': { family: 'access', kind: 'verifyUserLogin', role: 'admit', sentBy296: false, fields: ['userId'] },
  'AEC_ACTION_FIRST': { family: 'access', kind: 'never', role: 'query', sentBy296: false, fields: [] },
} as const satisfies Record<string, ActionFacts>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** `Action.AEC_LIVE_USER_PLAYING` is the name itself: code refers to actions through this. */
export const Action = Object.fromEntries(ACTION_NAMES.map((name) => [name, name])) as { readonly [K in ActionName]: K };

export function isActionName(text: string): text is ActionName {
  return Object.hasOwn(ACTIONS, text);
}

export function factsOf(action: string): ActionFacts | undefined {
  return isActionName(action) ? ACTIONS[action] : undefined;
}

/** The family of a known action, 'unknown' for anything else (audit filters, metrics labels). */
export function familyOf(action: string): ActionFamily | 'unknown' {
  return factsOf(action)?.family ?? 'unknown';
}

export function actionsOf(family: ActionFamily): ActionName[] {
  return ACTION_NAMES.filter((name) => ACTIONS[name].family === family);
}

/** The action that creates channels of a type (the simulator and tests build requests from it). */
export function createActionFor(type: CreatedChannelType): ActionName {
  const found = ACTION_NAMES.find((name) => (ACTIONS[name] as ActionFacts).channelType === type);
  if (!found) throw new Error(`no create action for channel type ${type}`);
  return found;
}
