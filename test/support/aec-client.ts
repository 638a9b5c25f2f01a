// Sends AEC callbacks the way a StarRTC 2.9.6 media server does, and reads the reply the way its
// parser does (server/simulator: the same code the simulator uses). Every reply a test gets
// has been through that parser: one it could not read, or an error index outside its table,
// fails the test on the spot.
//
// Forms: 'starrtc' is the real thing (form POST, data + sign with the factory key, its headers,
// a connection per request). 'get', 'form' and 'json' are what older builds and tools send.

import { wireIndexFor, DenyCode, type ActionFamily, type DenyReason } from '../../server/contract';
import { computeSign } from '../../server/protocol';
import { exchange } from '../../server/simulator/http-exchange';
import { readMediaServerReply, type MediaServerReading } from '../../server/protocol/media-server-reply';
import { buildData, requestBytes, type PayloadFields } from '../../server/simulator/wire';

export type WireForm = 'starrtc' | 'get' | 'form' | 'json';
export const WIRE_FORMS: readonly WireForm[] = ['starrtc', 'get', 'form', 'json'];

/** A reply as JSON: `data` a string or a flat object of strings. */
export interface WireReply {
  status: string;
  data: unknown;
}

export interface RawReply {
  httpStatus: number;
  text: string;
}

const DEFAULT_PATH = 'aec/eventCenter';

/** Sends a ready `data` string in the given form; returns the raw answer. */
export async function sendData(
  callbackUrl: string,
  data: string,
  form: WireForm = 'starrtc',
  options: { sign?: string | null; signKey?: string; path?: string } = {},
): Promise<RawReply> {
  const url = new URL(options.path ?? DEFAULT_PATH, callbackUrl);
  if (form === 'starrtc' && options.sign === undefined) {
    const reply = await exchange(url, requestBytes(url, data, options.signKey), 20_000);
    return { httpStatus: reply.statusCode, text: reply.body };
  }
  const sign = options.sign === undefined ? computeSign(data, options.signKey) : options.sign;
  let res: Response;
  if (form === 'get') {
    url.searchParams.set('data', data);
    if (sign !== null) url.searchParams.set('sign', sign);
    res = await fetch(url);
  } else if (form === 'json') {
    // A raw JSON body is the payload itself; a sign then rides in the query string.
    if (sign !== null) url.searchParams.set('sign', sign);
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: data });
  } else {
    const body = new URLSearchParams({ data });
    if (sign !== null) body.set('sign', sign);
    res = await fetch(url, { method: 'POST', body });
  }
  return { httpStatus: res.status, text: await res.text() };
}

/**
 * The `data` text of a payload: the 2.9.6 builder for the 'starrtc' form (`ts` first, added
 * when the payload has none, values as strings, nothing escaped), plain JSON for the others
 * (tools may send numbers and leave `ts` out).
 */
export function dataOf(payload: Record<string, unknown>, form: WireForm): string {
  if (form !== 'starrtc') return JSON.stringify(payload);
  const { ts, action, ...fields } = payload;
  const seconds = ts === undefined ? Date.now() / 1000 : Number(ts);
  const asSent: PayloadFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) asSent[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }
  return buildData(String(action) as never, seconds, asSent);
}

/** Sends a payload; fails loudly unless HTTP 200 and a reply the 2.9.6 parser reads safely. */
export async function sendCallback(callbackUrl: string, payload: Record<string, unknown>, form: WireForm = 'starrtc'): Promise<WireReply> {
  const raw = await sendData(callbackUrl, dataOf(payload, form), form);
  if (raw.httpStatus !== 200) throw new Error(`callback answered HTTP ${raw.httpStatus}: ${raw.text}`);
  return readSafely(raw.text);
}

/** The reply as JSON, after checking the media server would read it: no parse error, no crash. */
export function readSafely(text: string): WireReply {
  const reading = readMediaServerReply(text);
  if (reading.kind === 'parseError' || reading.kind === 'crash') {
    throw new Error(`the media server cannot use the reply ${text}: ${reading.why}`);
  }
  return JSON.parse(text) as WireReply;
}

export function reading(text: string): MediaServerReading {
  return readMediaServerReply(text);
}

/** The reply a denial for `reason` must be: the media server's error index for it, as a string. */
export function denied(reason: DenyReason, family: ActionFamily = 'live'): WireReply {
  return { status: '0', data: String(wireIndexFor(DenyCode[reason], family)) };
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
export const nextReportTs = (): string => String((reportTs += 60));

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

/** A media server aimed at a (possibly restarting) callback URL, for the end-to-end tests. */
export class AecClient {
  constructor(private readonly callbackUrl: () => string) {}

  send(action: string, fields: Record<string, string | number>): Promise<WireReply> {
    return sendCallback(this.callbackUrl(), { ts: ts(), action, ...fields });
  }

  createChannel(channelId: string, userId: string, extra: string, capacity = 100): Promise<WireReply> {
    return this.send('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', {
      userId,
      roomId: `room${channelId}`.slice(0, 16),
      channelId,
      conCurrentNumber: capacity,
      extra,
    });
  }

  /** The creator asks to publish, then sends its first once-a-minute report: the channel is live. */
  async goLive(channelId: string, userId: string): Promise<void> {
    await expectAllowed(this.send('AEC_LIVE_APPLY_UPLOAD_CHANNEL', { userId, channelId }));
    await expectAllowed(this.uploading(channelId, userId));
  }

  uploading(channelId: string, userId: string): Promise<WireReply> {
    return this.send('AEC_LIVE_UPLOADER_UPLOADING', { userId, channelId });
  }

  online(channelId: string, userId: string): Promise<WireReply> {
    return this.send('AEC_LIVE_USER_ONLINE', { userId, channelId, time: ts() });
  }

  playing(channelId: string, userId: string, discharge: number): Promise<WireReply> {
    return sendCallback(this.callbackUrl(), { ...aec.playing(channelId, userId, discharge) });
  }
}

export async function expectAllowed(reply: Promise<WireReply>): Promise<WireReply> {
  const r = await reply;
  if (r.status !== '1') throw new Error(`expected "1", got ${JSON.stringify(r)}`);
  return r;
}
