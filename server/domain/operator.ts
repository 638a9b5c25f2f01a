import type { Ban, State } from './state';
import type { DecisionSettings } from './settings';
import { decideChannelCommand, decideKick } from './live/operator';
import { done, fail, type OperatorCommand, type OperatorOutcome } from './operator-outcome';
import { decideFamilyCommand } from './family-operator';

/** Longer than that is "for good"; it also keeps `until` a valid date. */
const MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;

export function decideOperator(state: State, command: OperatorCommand, now: number, settings: DecisionSettings): OperatorOutcome {
  switch (command.kind) {
    case 'close':
    case 'reopen':
    case 'delete':
    case 'setCapacity':
      return decideChannelCommand(state, command, now, settings);
    case 'kick':
      return decideKick(state, command, now);
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
    case 'deleteChatRoom':
    case 'setChatRoomLimit':
    case 'endCall':
      return decideFamilyCommand(state, command, now);
    case 'liftBan':
      if (!state.bans.has(command.userId)) return fail('not_found', `user ${command.userId} is not banned`);
      return done(`ban of ${command.userId} lifted`, [{ op: 'liftBan', userId: command.userId, at: now }]);
  }
}
