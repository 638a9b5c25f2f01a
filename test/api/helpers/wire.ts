// The three ways a callback can reach the listener, plus builders for real-looking payloads.

export type WireForm = 'get' | 'form' | 'json';
export const WIRE_FORMS: readonly WireForm[] = ['get', 'form', 'json'];

export interface WireReply {
  status: string;
  data: unknown;
}

export interface RawReply {
  httpStatus: number;
  text: string;
}

/** Sends a ready `data` string (and optional sign) in the given form; returns the raw answer. */
export async function sendData(
  callbackUrl: string,
  data: string,
  form: WireForm,
  options: { sign?: string; path?: string } = {},
): Promise<RawReply> {
  const url = new URL(options.path ?? 'aec/eventCenter', callbackUrl);
  let res: Response;
  if (form === 'get') {
    url.searchParams.set('data', data);
    if (options.sign !== undefined) url.searchParams.set('sign', options.sign);
    res = await fetch(url);
  } else if (form === 'form') {
    const body = new URLSearchParams({ data });
    if (options.sign !== undefined) body.set('sign', options.sign);
    res = await fetch(url, { method: 'POST', body });
  } else {
    // A raw JSON body is the payload itself; a sign then rides in the query string.
    if (options.sign !== undefined) url.searchParams.set('sign', options.sign);
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: data });
  }
  return { httpStatus: res.status, text: await res.text() };
}

/** Sends a payload object; fails loudly unless the answer is HTTP 200 with a JSON body. */
export async function sendCallback(callbackUrl: string, payload: Record<string, unknown>, form: WireForm = 'get'): Promise<WireReply> {
  const raw = await sendData(callbackUrl, JSON.stringify(payload), form);
  if (raw.httpStatus !== 200) throw new Error(`callback answered HTTP ${raw.httpStatus}: ${raw.text}`);
  return JSON.parse(raw.text) as WireReply;
}

let counter = 0;
/** A 16-character channel id with `@`, `_` and `-`, like the media server's. */
export function channelId(): string {
  counter += 1;
  const tail = `${process.pid.toString(36)}${counter.toString(36)}`.padStart(9, 'x').slice(-9);
  return `Wz@N_-${tail}a`.padEnd(16, 'q');
}

export function userId(): string {
  counter += 1;
  return `${500000 + counter * 7}`;
}

const ts = (): string => String(Math.floor(Date.now() / 1000));
// PLAYING reports with the same ts as the last counted one are retries and not counted again,
// so each report gets its own ts, as the once-a-minute reports of a real media server do.
let reportTs = Math.floor(Date.now() / 1000);
const nextReportTs = (): string => String((reportTs += 60));

export const aec = {
  createGlobal: (channel: string, user: string, capacity = '0', extra = 'show') => ({
    ts: ts(),
    action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC',
    userId: user,
    roomId: 'a4a8_KS9sWt36ttn',
    channelId: channel,
    conCurrentNumber: capacity,
    extra,
    listType: '1',
  }),
  createGroup: (channel: string, user: string, groupId: string) => ({
    ts: ts(),
    action: 'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC',
    userId: user,
    groupId,
    channelId: channel,
    extra: 'group show',
  }),
  channelUser: (action: string, channel: string, user: string) => ({ ts: ts(), action, userId: user, channelId: channel }),
  applyUpload: (channel: string, user: string) => aec.channelUser('AEC_LIVE_APPLY_UPLOAD_CHANNEL', channel, user),
  uploading: (channel: string, user: string) => aec.channelUser('AEC_LIVE_UPLOADER_UPLOADING', channel, user),
  online: (channel: string, user: string) => ({ ...aec.channelUser('AEC_LIVE_USER_ONLINE', channel, user), time: ts() }),
  playing: (channel: string, user: string, discharge: number | string, tsValue?: string) => ({
    ...aec.channelUser('AEC_LIVE_USER_PLAYING', channel, user),
    ts: tsValue ?? nextReportTs(),
    time: ts(),
    discharge: String(discharge),
  }),
  offline: (channel: string, user: string, discharge: number | string) => ({
    ...aec.channelUser('AEC_LIVE_USER_OFFLINE', channel, user),
    time: ts(),
    discharge: String(discharge),
  }),
};
