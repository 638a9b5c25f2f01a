// The simulated studio's state: channels, their uploaders and their viewers, as the media
// server sees them. Everything advances in ticks of ten simulated seconds.

import type { ActionName as LiveAction } from '../contract';
import type { Answer, PayloadFields } from './wire';

export const TICK_SECONDS = 10;
export const TICKS_PER_MINUTE = 60 / TICK_SECONDS;

export type ChannelKind =
  | 'GLOBAL_PUBLIC'
  | 'LOGIN_PUBLIC'
  | 'GROUP_PUBLIC'
  | 'LOGIN_SPECIFY'
  | 'GROUP_SPECIFY'
  | 'BROADCAST'
  | 'LIVEPROXY';

/**
 * rooming: the web SDK's CHATROOM_CREATE sent, waiting; roomed: the room exists, the channel is
 * created next; creating: CREATE sent, waiting; created: accepted, the creator applies next;
 * applying: APPLY_UPLOAD sent; live: on air; ending: viewers and uploaders leave this tick;
 * closing: the creator closes next; deleting: the creator deletes at deleteTick;
 * done: gone, its slot is free again.
 */
export type ChannelPhase = 'rooming' | 'roomed' | 'creating' | 'created' | 'applying' | 'live' | 'ending' | 'closing' | 'deleting' | 'done';

export type UploaderState = 'granting' | 'granted' | 'applying' | 'uploading' | 'revoked' | 'stopped';

export interface SimUploader {
  userId: string;
  role: 'creator' | 'cohost';
  state: UploaderState;
  startTick: number;
  leaveTick: number;
}

export interface SimViewer {
  userId: string;
  channel: SimChannel;
  state: 'joining' | 'watching';
  joinTick: number;
  lastReportTick: number;
  leaveTick: number;
  bitrateBps: number;
}

export interface SimChannel {
  id: string;
  kind: ChannelKind;
  /** Absent for pulled (LIVEPROXY) channels, which nobody creates by hand. */
  creator?: string;
  roomId?: string;
  groupId?: string;
  specify?: string[];
  /** 0 = no limit; the media server learns it from the APPLY_UPLOAD reply. */
  capacity: number;
  phase: ChannelPhase;
  /** The proxy forwarding a pulled stream (LIVEPROXY channels only). */
  proxyForwarding: boolean;
  bitrateBps: number;
  popularity: number;
  /** The tick within each minute at which this channel considers a new co-host. */
  minuteOffset: number;
  endTick: number;
  deleteTick: number;
  uploaders: Map<string, SimUploader>;
  viewers: Map<string, SimViewer>;
  /** The CREATE_CHANNEL fields, sent once its chat room exists. */
  createFields: PayloadFields;
  /** The name the creator gave (extra; the chat room's userDefineData too). */
  name?: string;
}

/**
 * 2.9.6 admits a GLOBAL_PUBLIC channel's creator and viewers itself: no APPLY_UPLOAD, no
 * USER_ONLINE; the viewers are first seen at their PLAYING.
 */
export function admittedByMediaServer(channel: SimChannel): boolean {
  return channel.kind === 'GLOBAL_PUBLIC';
}

/** The web SDK creates a chat room before the channel (and deletes it first): channels with a room and a creator. */
export function hasWebSdkRoom(channel: SimChannel): boolean {
  return channel.roomId !== undefined && channel.creator !== undefined;
}

/** One callback the media server is about to send, and what it does with the answer. */
export interface PlannedEvent {
  action: LiveAction;
  /** The `data` JSON string, exactly as it goes on the wire (before URL encoding). */
  data: string;
  /** Bytes reported by this event (PLAYING / OFFLINE), else 0. */
  discharge: number;
  onAnswer(answer: Answer): void;
}

export function isUp(channel: SimChannel): boolean {
  if (channel.phase !== 'live') return false;
  if (channel.kind === 'LIVEPROXY') return channel.proxyForwarding;
  for (const uploader of channel.uploaders.values()) if (uploader.state === 'uploading') return true;
  return false;
}
