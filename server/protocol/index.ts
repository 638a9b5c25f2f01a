// The wire layer between the callback listener and the domain: plain functions, no Koa.

export { extractData } from './request';
export type { CallbackRequest, ExtractResult } from './request';
export { parseEvent, MAX_DATA_LENGTH } from './parse';
export type { ParseResult } from './parse';
export { formDecode } from './decode';
export { supportedActions } from './schemas';
export { formatAllow, formatDeny } from './reply';
export type { WireReply } from './reply';
export { computeSign, verifySign } from './sign';
export type { SignCheck } from './sign';
