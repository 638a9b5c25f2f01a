// The state's invariants, read the way an operator reads them: through the admin API.

import type { ChannelDetail, ChannelRow, Summary } from '../../../server/contract';

type Get = <T>(path: string) => Promise<T>;

export interface StateView {
  /** Every channel, deleted ones included, sorted by id. */
  channels: ChannelRow[];
  /** Sessions per channel id (user ids, sorted). */
  sessions: Map<string, string[]>;
  /** Channels listed by /api/channels that /api/channels/:id does not find. */
  unreachable: string[];
  summary: Summary;
}

export async function readState(get: Get): Promise<StateView> {
  const channels = (await get<ChannelRow[]>('/api/channels?includeDeleted=1')).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sessions = new Map<string, string[]>();
  const unreachable: string[] = [];
  // A handful at a time: thousands of fuzzed channels should not open thousands of sockets.
  for (let i = 0; i < channels.length; i += 16) {
    const slice = channels.slice(i, i + 16);
    const details = await Promise.allSettled(slice.map((row) => get<ChannelDetail>(`/api/channels/${pathSegment(row.id)}`)));
    details.forEach((detail, k) => {
      const id = slice[k]!.id;
      if (detail.status === 'fulfilled') sessions.set(id, detail.value.sessions.map((s) => s.userId).sort());
      else unreachable.push(id);
    });
  }
  const summary = await get<Summary>('/api/summary');
  return { channels, sessions, unreachable, summary };
}

/** Percent-encodes the UTF-8 bytes of an id; total (unlike encodeURIComponent, which throws on a lone surrogate). */
export function pathSegment(id: string): string {
  let out = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Every broken invariant, in words; empty when the state is sound. */
export function invariantViolations(view: StateView): string[] {
  const problems: string[] = [];
  let bytes = 0;
  let viewers = 0;
  for (const row of view.channels) {
    const listed = view.sessions.get(row.id);
    // A channel the detail endpoint cannot reach is reported by its own test; count its row.
    const sessions = listed ?? Array.from({ length: row.viewers }, (_, i) => `unreachable-${i}`);
    if (row.viewers !== sessions.length) problems.push(`channel ${JSON.stringify(row.id)}: viewers ${row.viewers} but ${sessions.length} sessions`);
    if (new Set(sessions).size !== sessions.length) problems.push(`channel ${JSON.stringify(row.id)}: a user has two sessions`);
    if (row.lifecycle === 'deleted' && sessions.length > 0) problems.push(`deleted channel ${JSON.stringify(row.id)} still has ${sessions.length} sessions`);
    if (row.lifecycle === 'deleted' && row.uploaders > 0) problems.push(`deleted channel ${JSON.stringify(row.id)} still has ${row.uploaders} uploaders`);
    if (!Number.isSafeInteger(row.bytes) || row.bytes < 0) problems.push(`channel ${JSON.stringify(row.id)}: bytes ${row.bytes}`);
    bytes += row.bytes;
    viewers += sessions.length;
  }
  if (bytes !== view.summary.bytesTotal) problems.push(`channel bytes add up to ${bytes}, summary bytesTotal is ${view.summary.bytesTotal}`);
  if (viewers !== view.summary.viewers) problems.push(`sessions add up to ${viewers}, summary viewers is ${view.summary.viewers}`);
  const live = view.channels.filter((row) => row.lifecycle !== 'deleted').length;
  if (live !== view.summary.channels.total) problems.push(`${live} channels not deleted, summary says ${view.summary.channels.total}`);
  return problems;
}

/** What must be the same after a restart: everything but the clock-relative fields. */
export function durableView(view: StateView): unknown {
  return {
    channels: view.channels.map(({ bytesLastMinute: _minute, ...row }) => row),
    sessions: [...view.sessions.entries()],
    unreachable: view.unreachable,
    bytesTotal: view.summary.bytesTotal,
    viewers: view.summary.viewers,
    uploaders: view.summary.uploaders,
  };
}
