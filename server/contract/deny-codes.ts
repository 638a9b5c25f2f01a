// Why we deny, in three forms: our own code (audit log, dashboard, API), the human meaning, and
// the media server's error index sent on the wire. Our codes never go on the wire (a number is
// a parse error for 2.9.6, and "10001" as an index crashed liveSrcServer): the index is chosen
// from the 2.9.6 error-name table so that the NAME the client is shown fits the reason
// (aec-media-server-2.9.6.md §1.3, "Recommended index for each reason to deny").

import type { ActionFamily } from './actions';

/** An index per family; `default` for every family not named. */
export type WireIndexChoice = { readonly default: number } & { readonly [F in ActionFamily]?: number };

export interface DenyCodeFacts {
  code: number;
  wire: WireIndexChoice;
  meaning: string;
}

const w = (index: number, byFamily: Partial<Record<ActionFamily, number>> = {}): WireIndexChoice => ({ default: index, ...byFamily });

export const DENY_CODES = {
  unsupported: { code: 10001, wire: w(21, { live: 70, voip: 92, push: 9 }), meaning: 'unknown or unsupported action' },
  missingArgument: { code: 10002, wire: w(70, { voip: 92, chatroom: 21, group: 21, push: 9 }), meaning: 'a field is missing or malformed' },
  badSign: { code: 10003, wire: w(32), meaning: '`sign` wrong (not signed by a StarRTC server), or missing where a sign is required' },
  channelNotFound: { code: 10004, wire: w(73), meaning: 'unknown channel (only when adoption is off)' },
  channelExists: { code: 10005, wire: w(28), meaning: 'the channel id exists with another creator or type' },
  channelNotOpen: { code: 10006, wire: w(80), meaning: 'the channel is closing, closed or deleted' },
  notAllowedToUpload: { code: 10007, wire: w(75), meaning: 'the user may not upload to this channel (not the creator, not granted)' },
  userBanned: { code: 10008, wire: w(79, { chatroom: 24, voip: 93, group: 24, push: 11 }), meaning: 'the user is banned' },
  channelFull: { code: 10009, wire: w(91), meaning: 'the channel is full' },
  notOnSpecifyList: { code: 10010, wire: w(72), meaning: "the user is not on the channel's list (SPECIFY channels)" },
  viewerKicked: { code: 10011, wire: w(23), meaning: 'the viewer was kicked' },
  capacityOutOfRange: { code: 10012, wire: w(74, { chatroom: 31 }), meaning: '`conCurrentNumber` out of range' },
  notCreator: { code: 10013, wire: w(23), meaning: 'only the creator may close or delete it' },
  uploadRevoked: { code: 10014, wire: w(75), meaning: "the uploader's right was revoked" },
  storageUnavailable: { code: 10016, wire: w(1), meaning: 'not recorded: the data folder cannot be written (with whenStorageFails: refuseChanges), or a new group was not on disk within the answer budget (its id is never handed out unless it is)' },
  internalError: { code: 10017, wire: w(1), meaning: 'an internal error while handling the callback (a bug: the audit log has it)' },
  chatRoomDeleted: { code: 10018, wire: w(29), meaning: 'the chat room was deleted (its IS_EXIST is answered "0")' },
  chatRoomUnknown: { code: 10019, wire: w(29), meaning: 'unknown chat room (only when adopting chat rooms is off)' },
  groupUnknown: { code: 10020, wire: w(49), meaning: 'unknown or deleted group' },
  notGroupMember: { code: 10021, wire: w(49), meaning: 'the user is not a member of the group' },
  groupCreatorStays: { code: 10022, wire: w(23), meaning: "a group's creator cannot be removed from it" },
  tooManyMembers: { code: 10023, wire: w(21), meaning: "the group would have more members than the setting allows" },
  pushNotAllowed: { code: 10024, wire: w(12), meaning: 'clients may not push system messages (a setting allows it)' },
  callEnded: { code: 10025, wire: w(99), meaning: 'the operator ended the call' },
  callTooLong: { code: 10026, wire: w(96), meaning: 'the call reached its minute limit' },
  upstreamUnavailable: { code: 10027, wire: w(1), meaning: "forward mode: the studio's eventCenter did not answer, and this action is not answered without it" },
  // 32 is what 2.9.6 itself shows when its business server says no without a reason.
  upstreamDenied: { code: 10028, wire: w(32), meaning: "forward mode: the studio's eventCenter said no (its own code is in the reason); its reply went out as it was, unless 2.9.6 could not have read it" },
} as const satisfies Record<string, DenyCodeFacts>;

export type DenyReason = keyof typeof DENY_CODES;
export const DENY_REASONS = Object.keys(DENY_CODES) as DenyReason[];

/** `DenyCode.channelFull` is 10009: our code, for the audit log and the dashboard. */
export const DenyCode = Object.fromEntries(DENY_REASONS.map((reason) => [reason, DENY_CODES[reason].code])) as {
  readonly [R in DenyReason]: (typeof DENY_CODES)[R]['code'];
};
export type DenyCodeValue = (typeof DenyCode)[DenyReason];

export function denyReasonOf(code: number): DenyReason | undefined {
  return DENY_REASONS.find((reason) => DENY_CODES[reason].code === code);
}

/** The media server's error index for one of our codes, as seen by a client of `family`. */
export function wireIndexFor(code: number, family: ActionFamily | 'unknown'): number {
  const reason = denyReasonOf(code);
  const choice: WireIndexChoice = reason ? DENY_CODES[reason].wire : DENY_CODES.internalError.wire;
  return (family !== 'unknown' ? choice[family] : undefined) ?? choice.default;
}
