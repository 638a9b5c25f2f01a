// What the 2.9.6 programs do with the data of a "1", per action: the parser accepts any string
// or flat object, but each action's consumer wants a shape (aec-media-server-2.9.6.md §2–§5).
// A "1" whose data the consumer cannot use fails the action like a "0" would.

import { factsOf } from '../contract';

/** Why the action's consumer cannot use this success data, or null when it can. */
export function consumerProblem(action: string, data: string | Readonly<Record<string, string>> | null): string | null {
  const facts = factsOf(action);
  if (facts?.syncAll) {
    // groupServer: "AEC_GROUP_SYNC_ALL return format error" without groupList.
    return typeof data === 'object' && data !== null && typeof data.groupList === 'string' ? null : 'a member snapshot needs {"groupList":...}';
  }
  switch (facts?.kind) {
    case 'chatRoomIsExist': {
      const parts = typeof data === 'string' ? data.split(',') : [];
      return parts.length === 2 && parts[1] !== '' && /^\d+$/.test(parts[1]!) ? null : 'IS_EXIST needs "creator,limit"';
    }
    case 'groupCreate':
      return typeof data === 'string' && /^\d+$/.test(data) ? null : 'GROUP_CREATE needs the new group id';
    case 'pushModeGet':
      return typeof data === 'string' && /^[0-3]$/.test(data) ? null : 'GET_PUSH_MODE needs a mode 0-3';
    case 'applyUpload':
    case 'proxyApplyUpload':
      return typeof data === 'object' && data !== null && /^\d+$/.test(data.conCurrentNumber ?? '') ? null : 'APPLY_UPLOAD needs {"conCurrentNumber":"N"}';
    default:
      return null;
  }
}
