import type { Ban, State } from './state';
import { liveUploaderCount } from './state';
import type { Change } from './changes';
import type { DecisionSettings } from './settings';
import { endEveryone } from './live/rules';

/** The operator's commands from the dashboard, decided like callbacks: pure, with a reason. */
export type OperatorCommand =
  | { kind: 'close'; channelId: string }
  | { kind: 'reopen'; channelId: string }
  | { kind: 'delete'; channelId: string }
  | { kind: 'setCapacity'; channelId: string; capacity: number }
  | { kind: 'kick'; channelId: string; userId: string }
  | { kind: 'ban'; userId: string; durationSeconds: number | null; reason: string }
  | { kind: 'liftBan'; userId: string };

export type OperatorFailure = 'not_found' | 'conflict' | 'bad_request';

export type OperatorOutcome =
  | { ok: true; message: string; changes: Change[] }
  | { ok: false; failure: OperatorFailure; message: string };

/** Longer than that is "for good"; it also keeps `until` a valid date. */
const MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;

const WAIT_NOTE = 'the media server is told at its next once-a-minute report; this takes up to a minute';

export function decideOperator(state: State, command: OperatorCommand, now: number, settings: DecisionSettings): OperatorOutcome {
  switch (command.kind) {
    case 'close':
    case 'reopen':
    case 'delete':
    case 'setCapacity':
      return decideChannelCommand(state, command, now, settings);
    case 'kick': {
      const session = state.sessions.get(command.channelId)?.get(command.userId);
      if (!session) return fail('not_found', `viewer ${command.userId} is not watching ${command.channelId}`);
      if (session.kicked) return done(`viewer ${command.userId} is already kicked; ${WAIT_NOTE}`);
      return done(`viewer ${command.userId} kicked from ${command.channelId}; ${WAIT_NOTE}`, [
        { op: 'kickViewer', channelId: command.channelId, userId: command.userId, at: now },
      ]);
    }
    case 'ban': {
      if (command.userId.trim() === '') return fail('bad_request', 'a ban needs a user id');
      if (
        command.durationSeconds !== null &&
        !(Number.isInteger(command.durationSeconds) && command.durationSeconds > 0 && command.durationSeconds <= MAX_BAN_SECONDS)
      ) {
        return fail('bad_request', `a ban lasts a whole number of seconds from 1 to ${MAX_BAN_SECONDS} (10 years), or for good (null)`);
      }
      const ban: Ban = {
        userId: command.userId,
        since: now,
        reason: command.reason.trim() || 'banned by the operator',
        ...(command.durationSeconds !== null ? { until: now + command.durationSeconds * 1000 } : {}),
      };
      const span = command.durationSeconds === null ? 'for good' : `for ${command.durationSeconds} s`;
      return done(`user ${command.userId} banned ${span}; their sessions are refused at the next report`, [{ op: 'putBan', ban }]);
    }
    case 'liftBan':
      if (!state.bans.has(command.userId)) return fail('not_found', `user ${command.userId} is not banned`);
      return done(`ban of ${command.userId} lifted`, [{ op: 'liftBan', userId: command.userId, at: now }]);
  }
}

function decideChannelCommand(
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
      if (channel.lifecycle !== 'open') return done(`channel ${id} is already ${channel.lifecycle}`);
      const live = liveUploaderCount(state, id) > 0 || (channel.type === 'LIVEPROXY' && channel.liveSince !== undefined);
      const patch = live
        ? { lifecycle: 'closing' as const, closeRequestedAt: now, closedBy: 'operator' }
        : { lifecycle: 'closed' as const, closeRequestedAt: now, closedAt: now, closedBy: 'operator', liveSince: null };
      const message = live ? `channel ${id} is closing: ${WAIT_NOTE}` : `channel ${id} closed (no uploader was live)`;
      return done(message, [{ op: 'patchChannel', channelId: id, at: now, patch }]);
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
      if (channel.lifecycle === 'deleted') return done(`channel ${id} is already deleted`);
      const changes: Change[] = [
        {
          op: 'patchChannel',
          channelId: id,
          at: now,
          patch: { lifecycle: 'deleted', deletedAt: now, closedBy: 'operator', closeRequestedAt: now, liveSince: null },
        },
        ...endEveryone(state, id, now),
      ];
      return done(`channel ${id} deleted (its traffic history is kept); ${WAIT_NOTE}`, changes);
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

function done(message: string, changes: Change[] = []): OperatorOutcome {
  return { ok: true, message, changes };
}

function fail(failure: OperatorFailure, message: string): OperatorOutcome {
  return { ok: false, failure, message };
}
