import type { Ban, Channel, State, Uploader, UserTotals, ViewerSession } from './state';
import { emptyState } from './state';

/** The state as plain JSON, for the snapshot file. */
export interface StateJson {
  channels: Channel[];
  uploaders: Uploader[];
  sessions: ViewerSession[];
  bans: Ban[];
  users: UserTotals[];
  totals: State['totals'];
}

export function stateToJson(state: State): StateJson {
  const flatten = <V>(nested: Map<string, Map<string, V>>): V[] => [...nested.values()].flatMap((inner) => [...inner.values()]);
  return {
    channels: [...state.channels.values()],
    uploaders: flatten(state.uploaders),
    sessions: flatten(state.sessions),
    bans: [...state.bans.values()],
    users: [...state.users.values()],
    totals: { ...state.totals },
  };
}

export function stateFromJson(json: StateJson): State {
  const state = emptyState();
  for (const channel of json.channels) state.channels.set(channel.id, { ...channel });
  for (const uploader of json.uploaders) nest(state.uploaders, uploader.channelId).set(uploader.userId, { ...uploader });
  for (const session of json.sessions) nest(state.sessions, session.channelId).set(session.userId, { ...session });
  for (const ban of json.bans) state.bans.set(ban.userId, { ...ban });
  for (const user of json.users) state.users.set(user.userId, { ...user });
  state.totals = { ...json.totals };
  return state;
}

function nest<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
