import type { State } from '../domain';
import { displayState } from '../domain';
import { previousMinute, type SimulatorStatus, type StoreHealth, type Summary, type UpstreamHealth } from '../contract';
import type { CallStats } from './call-stats';

export interface SummarySources {
  version: string;
  startedAt: number;
  callbackUrl: string;
  aecurlLines: string[];
  dataDir: string;
  state: State;
  stats: CallStats;
  /** Bytes of all channels per minute index. */
  history: { globalMinutes: ReadonlyMap<number, number> };
  store: () => Omit<StoreHealth, 'answeredBeforeDurable' | 'lastAnsweredBeforeDurableAt'>;
  simulator: () => SimulatorStatus;
  /** Forward mode's eventCenter; null standalone. */
  upstream: () => UpstreamHealth | null;
}

/** Totals for the header and the tray. Walks channels, not sessions: cost grows with channels only. */
export function buildSummary(sources: SummarySources, now: number): Summary {
  const { state } = sources;
  let live = 0;
  let closing = 0;
  let total = 0;
  let uploaders = 0;
  let viewers = 0;
  for (const channel of state.channels.values()) {
    if (channel.lifecycle === 'deleted') continue;
    total += 1;
    const shown = displayState(state, channel);
    if (shown === 'live') live += 1;
    if (shown === 'closing') closing += 1;
  }
  for (const byUser of state.uploaders.values()) uploaders += byUser.size;
  const chatRooms = { total: 0, adopted: 0 };
  for (const room of state.chatRooms.values()) {
    if (room.deletedAt !== undefined) continue;
    chatRooms.total += 1;
    if (room.adopted) chatRooms.adopted += 1;
  }
  let groups = 0;
  for (const group of state.groups.values()) if (group.deletedAt === undefined) groups += 1;
  const calls = { active: state.activeCalls.size, ending: 0 };
  for (const id of state.activeCalls.values()) if (state.calls.get(id)?.ending) calls.ending += 1;
  for (const byUser of state.sessions.values()) viewers += byUser.size;
  const perMinute = sources.stats.perMinute(now);
  return {
    version: sources.version,
    startedAt: sources.startedAt,
    now,
    callbackUrl: sources.callbackUrl,
    aecurlLines: sources.aecurlLines,
    lastCallbackAt: sources.stats.lastCallbackAt,
    callbacksPerMinute: perMinute.callbacks,
    denialsPerMinute: perMinute.denials,
    channels: { total, live, closing },
    chatRooms,
    groups: { total: groups },
    calls,
    viewers,
    uploaders,
    bytesTotal: state.totals.bytes,
    bytesLastMinute: sources.history.globalMinutes.get(previousMinute(now)) ?? 0,
    store: {
      ...sources.store(),
      answeredBeforeDurable: sources.stats.beforeDurable.count,
      lastAnsweredBeforeDurableAt: sources.stats.beforeDurable.lastAt,
    },
    upstream: sources.upstream(),
    dataDir: sources.dataDir,
    simulator: sources.simulator(),
  };
}
