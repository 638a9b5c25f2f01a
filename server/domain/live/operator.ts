// The operator's levers on live channels: close, reopen, delete, capacity, kick.

import { TAKES_UP_TO_A_MINUTE } from '../../contract';
import type { Change } from '../changes';
import { done, fail, type OperatorCommand, type OperatorEffect, type OperatorOutcome } from '../operator-outcome';
import type { DecisionSettings } from '../settings';
import { liveUploaderCount, type State } from '../state';
import { endEveryone } from './rules';

const WAIT_NOTE = TAKES_UP_TO_A_MINUTE;

export function decideKick(state: State, command: Extract<OperatorCommand, { kind: 'kick' }>, now: number): OperatorOutcome {
  const session = state.sessions.get(command.channelId)?.get(command.userId);
  if (!session) return fail('not_found', `viewer ${command.userId} is not watching ${command.channelId}`);
  if (session.kicked) return done(`viewer ${command.userId} is already kicked; ${WAIT_NOTE}`);
  return done(`viewer ${command.userId} kicked from ${command.channelId}; ${WAIT_NOTE}`, [
    { op: 'kickViewer', channelId: command.channelId, userId: command.userId, at: now },
  ]);
}

export function decideChannelCommand(
  state: State,
  command: Extract<OperatorCommand, { channelId: string; kind: 'close' | 'reopen' | 'delete' | 'setCapacity' }>,
  now: number,
  settings: DecisionSettings,
): OperatorOutcome {
  const channel = state.channels.get(command.channelId);
  if (!channel) return fail('not_found', `no channel ${command.channelId}`);
  const id = channel.id;
  if (channel.lifecycle === 'deleted' && command.kind !== 'delete') {
    return fail('conflict', `channel ${id} is deleted`);
  }
  switch (command.kind) {
    case 'close': {
      if (channel.lifecycle !== 'open') return done(`channel ${id} is already ${channel.lifecycle}`, [], pulledStop(channel.type, 'close', id));
      const live = liveUploaderCount(state, id) > 0 || (channel.type === 'LIVEPROXY' && channel.liveSince !== undefined);
      const patch = live
        ? { lifecycle: 'closing' as const, closeRequestedAt: now, closedBy: 'operator' }
        : { lifecycle: 'closed' as const, closeRequestedAt: now, closedAt: now, closedBy: 'operator', liveSince: null };
      const message = live ? `channel ${id} is closing: ${WAIT_NOTE}` : `channel ${id} closed (no uploader was live)`;
      return done(message, [{ op: 'patchChannel', channelId: id, at: now, patch }], pulledStop(channel.type, 'close', id));
    }
    case 'reopen':
      if (channel.lifecycle === 'open') return done(`channel ${id} is already open`);
      return done(`channel ${id} reopened: uploads and viewers are admitted again`, [
        {
          op: 'patchChannel',
          channelId: id,
          at: now,
          patch: { lifecycle: 'open', closedBy: null, closedAt: null, closeRequestedAt: null, staleSince: null },
        },
      ]);
    case 'delete': {
      if (channel.lifecycle === 'deleted') return done(`channel ${id} is already deleted`, [], pulledStop(channel.type, 'delete', id));
      const changes: Change[] = [
        {
          op: 'patchChannel',
          channelId: id,
          at: now,
          patch: { lifecycle: 'deleted', deletedAt: now, closedBy: 'operator', closeRequestedAt: now, liveSince: null },
        },
        ...endEveryone(state, id, now),
      ];
      return done(`channel ${id} deleted (its traffic history is kept); ${WAIT_NOTE}`, changes, pulledStop(channel.type, 'delete', id));
    }
    case 'setCapacity': {
      const { capacity } = command;
      if (!Number.isInteger(capacity) || capacity < 0 || capacity > settings.maxCapacity) {
        return fail('bad_request', `capacity must be a whole number from 0 (no limit) to ${settings.maxCapacity}`);
      }
      const note = capacity === 0 ? 'no limit' : `${capacity} viewers; viewers already watching stay`;
      return done(`capacity of ${id} set to ${note}`, [{ op: 'patchChannel', channelId: id, at: now, patch: { capacity } }]);
    }
  }
}


/** A pulled channel is also stopped at once through liveProxyServer (when its address is set). */
function pulledStop(type: string, verb: 'close' | 'delete', channelId: string): OperatorEffect[] {
  return type === 'LIVEPROXY' ? [{ kind: 'liveProxy', verb, channelId }] : [];
}
