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
}

const live = (kind: EventKind, role: ActionRole, channelType?: CreatedChannelType, sentBy296 = true): ActionFacts =>
  channelType ? { family: 'live', kind, role, sentBy296, channelType } : { family: 'live', kind, role, sentBy296 };
const chatroom = (kind: EventKind, role: ActionRole, sentBy296 = true): ActionFacts => ({ family: 'chatroom', kind, role, sentBy296 });
const group = (kind: EventKind, role: ActionRole, syncAll = false, sentBy296 = true): ActionFacts =>
  syncAll ? { family: 'group', kind, role, sentBy296, syncAll } : { family: 'group', kind, role, sentBy296 };

export const ACTIONS = {
  'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC': live('createChannel', 'create', 'GLOBAL_PUBLIC'),
  'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC': live('createChannel', 'create', 'LOGIN_PUBLIC'),
  'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC': live('createChannel', 'create', 'GROUP_PUBLIC'),
  'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY': live('createChannel', 'create', 'LOGIN_SPECIFY'),
  'AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY': live('createChannel', 'create', 'GROUP_SPECIFY'),
  'AEC_LIVE_CREATE_CHANNEL_BROADCAST': live('createChannel', 'create', 'BROADCAST'),
  'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC': live('createChannel', 'create', 'LIVEPROXY'),
  'AEC_LIVE_APPLY_UPLOAD_CHANNEL': live('applyUpload', 'admit'),
  'AEC_LIVE_SET_CHANNEL_UPLOADER': live('setUploader', 'change'),
  'AEC_LIVE_UNSET_CHANNEL_UPLOADER': live('unsetUploader', 'change'),
  'AEC_LIVE_UPLOADER_DISCONNECT': live('uploaderDisconnect', 'teardown'),
  'AEC_LIVE_UPLOADER_UPLOADING': live('uploaderUploading', 'report'),
  'AEC_LIVE_CLOSE_CHANNEL': live('closeChannel', 'teardown'),
  'AEC_LIVE_DELETE_CHANNEL': live('deleteChannel', 'teardown'),
  'AEC_LIVE_USER_ONLINE': live('userOnline', 'admit'),
  'AEC_LIVE_USER_PLAYING': live('userPlaying', 'report'),
  'AEC_LIVE_USER_OFFLINE': live('userOffline', 'teardown'),
  'AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL': live('proxyApplyUpload', 'admit'),
  'AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL': live('proxyCloseChannel', 'teardown'),
  'AEC_LIVE_LIVEPROXY_DELETE_CHANNEL': live('proxyDeleteChannel', 'teardown'),
  'AEC_LIVE_APPLY_DOWNLOAD_CHANNEL': live('applyDownload', 'admit', undefined, false),
  'AEC_LIVE_QUERY_ALL_CHANNEL_LIST': live('queryChannelList', 'query', undefined, false),

  'AEC_CHATROOM_CREATE': chatroom('chatRoomCreate', 'create'),
  'AEC_CHATROOM_IS_EXIST': chatroom('chatRoomIsExist', 'query'),
  'AEC_CHATROOM_DELETE': chatroom('chatRoomDelete', 'teardown'),
  'AEC_CHATROOM_SEND_MSG': chatroom('chatRoomSendMsg', 'admit', false),
  'AEC_CHATROOM_SAVE_TO_CHATROOM_LIST': chatroom('chatRoomSaveToList', 'change', false),
  'AEC_CHATROOM_DEL_FROM_CHATROOM_LIST': chatroom('chatRoomDelFromList', 'change', false),
  'AEC_CHATROOM_QUERY_ALL_CHATROOM_LIST': chatroom('chatRoomQueryList', 'query', false),

  'AEC_GROUP_CREATE': group('groupCreate', 'create'),
  'AEC_GROUP_SYNC_ALL': group('groupSyncAll', 'query', true),
  'AEC_GROUP_DEL': group('groupDelete', 'teardown'),
  'AEC_GROUP_ADD_USER': group('groupAddUsers', 'change'),
  'AEC_GROUP_ADD_USER_AND_SYNC_ALL': group('groupAddUsers', 'change', true),
  'AEC_GROUP_REMOVE_USER': group('groupRemoveUsers', 'change'),
  'AEC_GROUP_REMOVE_USER_AND_SYNC_ALL': group('groupRemoveUsers', 'change', true),
  'AEC_SET_GROUP_PUSH_IGNORE': group('groupSetPushIgnore', 'change'),
  'AEC_SET_GROUP_PUSH_IGNORE_AND_SYNC_ALL': group('groupSetPushIgnore', 'change', true),
  'AEC_UNSET_GROUP_PUSH_IGNORE': group('groupUnsetPushIgnore', 'change'),
  'AEC_UNSET_GROUP_PUSH_IGNORE_AND_SYNC_ALL': group('groupUnsetPushIgnore', 'change', true),
  'AEC_GROUP_GET_GROUP_LIST': group('groupGetGroupList', 'query', false, false),
  'AEC_GROUP_GET_USER_LIST': group('groupGetUserList', 'query', false, false),
  'AEC_GROUP_PUSH_SYSTEM_MSG': group('groupPushSystemMsg', 'admit'),
  'AEC_GROUP_PUSH_SYSTEM_GROUP_MSG': group('groupPushGroupMsg', 'admit'),

  'AEC_VOIP_USER_ONLINE': { family: 'voip', kind: 'callOnline', role: 'admit', sentBy296: true },
  'AEC_VOIP_USER_PLAYING': { family: 'voip', kind: 'callPlaying', role: 'report', sentBy296: true },
  'AEC_VOIP_USER_HANGUP': { family: 'voip', kind: 'callHangup', role: 'teardown', sentBy296: true },

  'AEC_MSG_SERVER_GET_PUSH_MODE': { family: 'push', kind: 'pushModeGet', role: 'query', sentBy296: true },
  'AEC_MSG_SERVER_SET_PUSH_MODE': { family: 'push', kind: 'pushModeSet', role: 'change', sentBy296: true },

  'AEC_ACCESS_VALIDATION': { family: 'access', kind: 'accessValidation', role: 'query', sentBy296: false },
  'AEC_ACTION_VERIFY_USER_LOGIN': { family: 'access', kind: 'verifyUserLogin', role: 'admit', sentBy296: false },
  'AEC_ACTION_FIRST': { family: 'access', kind: 'never', role: 'query', sentBy296: false },
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
