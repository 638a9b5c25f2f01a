// Puts the server under test into a known state through its callback URL, the way the media
// server would: channels created and on air, then viewer sessions opened with USER_ONLINE.

import { writeFile } from 'node:fs/promises';
import { CallbackSender } from '../sender';
import { IdMint } from '../ids';
import { Prng } from '../prng';
import { buildData } from '../wire';
import type { ActionName as LiveAction } from '../../contract';
import type { PayloadFields } from '../wire';
import type { Session } from './load-requests';
import { Action } from '../../contract';

export interface BenchChannel {
  channelId: string;
  roomId: string;
  creator: string;
}

export interface FillCounts {
  allowed: number;
  denied: number;
  errors: number;
  /** The first refusal or error, to explain a failed fill. */
  firstProblem: string | null;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Bench viewers get ids of their own, far from the simulator's, so a state never mixes them. */
export function benchViewerId(index: number): string {
  return String(5_000_000 + index);
}

async function sendAll(
  url: string,
  concurrency: number,
  events: Array<[LiveAction, PayloadFields]>,
  progress?: (done: number, total: number) => void,
  ts: number = nowSeconds(),
): Promise<FillCounts> {
  const sender = new CallbackSender({ url, maxInFlight: concurrency, timeoutMs: 30_000 });
  const counts: FillCounts = { allowed: 0, denied: 0, errors: 0, firstProblem: null };
  const ticker = progress ? setInterval(() => progress(counts.allowed + counts.denied + counts.errors, events.length), 5000) : undefined;
  await Promise.all(
    events.map(async ([action, fields]) => {
      const answer = await sender.send(buildData(action, ts, fields));
      if (answer.kind === 'allow') counts.allowed++;
      else {
        if (answer.kind === 'deny') counts.denied++;
        else counts.errors++;
        counts.firstProblem ??= `${action} ${JSON.stringify(fields)} -> ${JSON.stringify(answer)}`;
      }
    }),
  );
  clearInterval(ticker);
  await sender.close();
  return counts;
}

/**
 * The bench's channels: ids drawn from a fixed seed, so the same on every run, and known before
 * any server runs (the ceiling is measured with the very requests our server gets).
 */
export function benchChannels(count: number): BenchChannel[] {
  const ids = new IdMint(new Prng('bench'));
  return Array.from({ length: count }, (_, i) => ({ channelId: ids.channelId(), roomId: ids.roomId(), creator: String(400_000 + i) }));
}

/** Creates the channels, open, with chat rooms, no people limit, each with its creator on air. */
export async function createChannels(url: string, channels: BenchChannel[]): Promise<FillCounts> {
  const created = await sendAll(
    url,
    16,
    channels.map((c) => [
      Action.AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC,
      { userId: c.creator, roomId: c.roomId, channelId: c.channelId, conCurrentNumber: '0', extra: `bench ${c.creator}` },
    ]),
  );
  if (created.allowed !== channels.length) return created;
  return sendAll(url, 16, channels.map((c) => [Action.AEC_LIVE_APPLY_UPLOAD_CHANNEL, { userId: c.creator, channelId: c.channelId }]));
}

/** The creators' once-a-minute UPLOADING, so channels stay on air through a long run. */
export function keepUploading(url: string, channels: BenchChannel[]): Promise<FillCounts> {
  return sendAll(url, 16, channels.map((c) => [Action.AEC_LIVE_UPLOADER_UPLOADING, { userId: c.creator, channelId: c.channelId }]));
}

/** Viewer sessions [from, to) spread round-robin over the channels. */
export function benchSessions(channels: BenchChannel[], from: number, to: number): Session[] {
  const sessions: Session[] = [];
  for (let i = from; i < to; i++) sessions.push([benchViewerId(i), (channels[i % channels.length] as BenchChannel).channelId]);
  return sessions;
}

export function openSessions(url: string, sessions: Session[], concurrency: number, progress?: (done: number, total: number) => void): Promise<FillCounts> {
  const ts = nowSeconds();
  return sendAll(url, concurrency, sessions.map(([userId, channelId]) => [Action.AEC_LIVE_USER_ONLINE, { userId, channelId, time: ts }]), progress);
}

/**
 * One USER_PLAYING for each session, as its first once-a-minute report, with the given `ts`.
 * The measured load then sees the steady state of a show (every viewer has reported before),
 * whatever the size; it must start at a later `ts` (load-requests.ts), or its first pass is retries.
 */
export function firstReports(url: string, sessions: Session[], ts: number, concurrency: number, progress?: (done: number, total: number) => void): Promise<FillCounts> {
  return sendAll(url, concurrency, sessions.map(([userId, channelId]) => [Action.AEC_LIVE_USER_PLAYING, { userId, channelId, time: ts, discharge: '1000' }]), progress, ts);
}

export async function writeSessions(file: string, sessions: Session[]): Promise<void> {
  await writeFile(file, JSON.stringify(sessions));
}
