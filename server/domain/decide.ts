import type { State } from './state';
import type { AecEvent } from './events';
import type { DecisionSettings } from './settings';
import { allow, deny, type Decision } from './decision';
import { DenyCode } from '../contract';
import { decideLive } from './live/decide';
import {
  decideChatRoomCreate,
  decideChatRoomDelete,
  decideChatRoomIsExist,
  decideChatRoomList,
  decideChatRoomQuery,
  decideChatRoomSendMsg,
} from './chatroom/decide';
import {
  decideGroupCreate,
  decideGroupDelete,
  decideGroupList,
  decideGroupMembers,
  decideGroupSync,
  decideGroupUserList,
  decidePushIgnore,
  decideSystemPush,
} from './group/decide';
import { decideCallHangup, decideCallOnline, decideCallPlaying } from './call/decide';
import { decidePushModeGet, decidePushModeSet, decideVerifyUserLogin } from './push/decide';

/** The media server asked; the domain decides from the state and the operator's settings. Pure. */
export function decide(state: State, event: AecEvent, now: number, settings: DecisionSettings): Decision {
  switch (event.kind) {
    case 'chatRoomCreate':
      return decideChatRoomCreate(state, event, now, settings);
    case 'chatRoomIsExist':
      return decideChatRoomIsExist(state, event, now, settings);
    case 'chatRoomDelete':
      return decideChatRoomDelete(state, event, now, settings);
    case 'chatRoomSendMsg':
      return decideChatRoomSendMsg(state, event, now);
    case 'chatRoomSaveToList':
    case 'chatRoomDelFromList':
      return decideChatRoomList(state, event, now);
    case 'chatRoomQueryList':
      return decideChatRoomQuery(state, event);
    case 'groupCreate':
      return decideGroupCreate(state, event, now, settings);
    case 'groupSyncAll':
      return decideGroupSync(state, event, now);
    case 'groupDelete':
      return decideGroupDelete(state, event, now);
    case 'groupAddUsers':
    case 'groupRemoveUsers':
      return decideGroupMembers(state, event, now, settings);
    case 'groupSetPushIgnore':
    case 'groupUnsetPushIgnore':
      return decidePushIgnore(state, event, now);
    case 'groupGetGroupList':
      return decideGroupList(state, event);
    case 'groupGetUserList':
      return decideGroupUserList(state, event);
    case 'groupPushSystemMsg':
    case 'groupPushGroupMsg':
      return decideSystemPush(state, event, now, settings);
    case 'callOnline':
      return decideCallOnline(state, event, now);
    case 'callPlaying':
      return decideCallPlaying(state, event, now, settings);
    case 'callHangup':
      return decideCallHangup(state, event, now);
    case 'pushModeGet':
      return decidePushModeGet(state, event);
    case 'pushModeSet':
      return decidePushModeSet(state, event, now);
    case 'verifyUserLogin':
      return decideVerifyUserLogin(event);
    case 'accessValidation':
      return allow('access validation echoed', [], { kind: 'echo', echostr: event.echostr });
    case 'unsupported':
      if (settings.unsupportedReply === 'allow') return allow(`action ${event.action} is unknown; answered "1" (unsupportedReply: allow)`);
      return deny(DenyCode.unsupported, `action ${event.action} is unknown; answered "0" (unsupportedReply: deny)`);
    default:
      return decideLive(state, event, now, settings);
  }
}
