// The operator's levers on chat rooms and calls. None reaches the media server at once (it has no
// admin API): a deleted room is refused at its next IS_EXIST, a new limit is told then, an ended
// call is answered "0" at its next minute report.

import { CHAT_ROOM_LIMIT } from '../contract';
import { done, fail, type OperatorCommand, type OperatorOutcome } from './operator-outcome';
import type { State } from './state';

type FamilyCommand = Extract<OperatorCommand, { kind: 'deleteChatRoom' | 'setChatRoomLimit' | 'endCall' }>;

export function decideFamilyCommand(state: State, command: FamilyCommand, now: number): OperatorOutcome {
  switch (command.kind) {
    case 'deleteChatRoom': {
      const room = state.chatRooms.get(command.roomId);
      if (!room) return fail('not_found', `no chat room ${command.roomId}`);
      if (room.deletedAt !== undefined) return done(`chat room ${room.id} is already deleted`);
      return done(
        `chat room ${room.id} deleted: members already in it stay until they leave (the media server has no admin API); it is refused when the media server asks for it again`,
        [{ op: 'patchChatRoom', roomId: room.id, at: now, patch: { deletedAt: now, deletedBy: 'operator' } }],
      );
    }
    case 'setChatRoomLimit': {
      const room = state.chatRooms.get(command.roomId);
      if (!room) return fail('not_found', `no chat room ${command.roomId}`);
      if (room.deletedAt !== undefined) return fail('conflict', `chat room ${room.id} is deleted`);
      const { limit } = command;
      if (!Number.isInteger(limit) || limit < CHAT_ROOM_LIMIT.min || limit > CHAT_ROOM_LIMIT.max) {
        return fail('bad_request', `a chat room's limit is a whole number from ${CHAT_ROOM_LIMIT.min} to ${CHAT_ROOM_LIMIT.max} (0 would lock everyone out)`);
      }
      return done(`limit of chat room ${room.id} set to ${limit}: the media server learns it when it next asks for the room`, [
        { op: 'patchChatRoom', roomId: room.id, at: now, patch: { limit } },
      ]);
    }
    case 'endCall': {
      const call = state.calls.get(command.callId);
      if (!call) return fail('not_found', `no call ${command.callId}`);
      if (call.endedAt !== undefined) return fail('conflict', `call ${call.id} has already ended`);
      if (call.ending) return done(`call ${call.id} is already ending: its next minute report is answered "0"`);
      return done(`call ${call.id} (${call.caller} -> ${call.callee}) is ending: its next minute report, within about a minute, is answered "0" and both people are told`, [
        { op: 'callEnding', callId: call.id, at: now },
      ]);
    }
  }
}
