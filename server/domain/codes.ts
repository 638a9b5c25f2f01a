/**
 * Numeric codes sent as `data` of a "0" reply. The media server hands them to the client app,
 * which shows only numbers; 10001 and 10002 are the reference demo's own.
 */
export const DenyCode = {
  unsupported: 10001,
  missingArgument: 10002,
  badSign: 10003,
  channelNotFound: 10004,
  channelExists: 10005,
  channelNotOpen: 10006,
  notAllowedToUpload: 10007,
  userBanned: 10008,
  channelFull: 10009,
  notOnSpecifyList: 10010,
  viewerKicked: 10011,
  capacityOutOfRange: 10012,
  notCreator: 10013,
  uploadRevoked: 10014,
  loginRequired: 10015,
  storageUnavailable: 10016,
} as const;

export type DenyCodeName = keyof typeof DenyCode;
export type DenyCodeValue = (typeof DenyCode)[DenyCodeName];

export function denyCodeName(code: number): DenyCodeName | undefined {
  return (Object.keys(DenyCode) as DenyCodeName[]).find((name) => DenyCode[name] === code);
}
