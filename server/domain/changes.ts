import type { PresenceEnd } from '../contract';
import type { Ban, Channel } from './state';

/**
 * A state change decided by the domain. Changes are what the journal records and what replay
 * re-applies, so applying them must depend on nothing but the change and the state.
 */
export type Change =
  | { op: 'createChannel'; channel: Channel }
  /** Fields set to `null` are removed. */
  | { op: 'patchChannel'; channelId: string; at: number; patch: ChannelPatch }
  | { op: 'uploaderReport'; channelId: string; userId: string; at: number; counted: boolean }
  | { op: 'uploaderEnd'; channelId: string; userId: string; at: number; why: PresenceEnd }
  | { op: 'viewerReport'; channelId: string; userId: string; at: number; bytes: number; ts?: number; counted: boolean }
  /** `ts`: of the report that ended it, so a retry of that report is recognised. */
  | { op: 'viewerEnd'; channelId: string; userId: string; at: number; bytes: number; why: PresenceEnd; ts?: number }
  | { op: 'kickViewer'; channelId: string; userId: string; at: number }
  | { op: 'putBan'; ban: Ban }
  | { op: 'liftBan'; userId: string; at: number };

type Nullable<T> = { [K in keyof T]?: T[K] | null };
export type ChannelPatch = Nullable<
  Omit<Channel, 'id' | 'bytes' | 'createdAt' | 'lastEventAt'>
>;
