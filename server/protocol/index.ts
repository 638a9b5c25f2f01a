// The wire layer between the callback listener and the domain: plain functions, no Koa.

export { extractData } from './request';
export type { CallbackRequest, ExtractResult } from './request';
export { parseEvent, MAX_DATA_LENGTH } from './parse';
export type { ParseResult } from './parse';
export { formDecode } from './decode';
export { supportedActions } from './schemas';
export { formatAllow, formatDeny, wireBody, wireText } from './reply';
export type { WireData, WireReply } from './reply';
export { computeSign, verifySign, FACTORY_SIGN_KEY } from './sign';
export type { SignCheck, SignPolicy } from './sign';
export { readMediaServerReply } from './media-server-reply';
export type { MediaServerReading } from './media-server-reply';
export { readUpstreamReply, replyPreview } from './upstream-reply';
export type { UpstreamReading, UpstreamData } from './upstream-reply';
export { wireForUpstream } from './upstream-wire';
export type { UpstreamWire } from './upstream-wire';
