import type { ChatRoomChange } from '../changes';
import { applyPatch } from '../patch';
import type { State } from '../state';

export function applyChatRoomChange(state: State, change: ChatRoomChange): void {
  switch (change.op) {
    case 'putChatRoom':
      state.chatRooms.set(change.room.id, { ...change.room, lists: [...change.room.lists] });
      return;
    case 'patchChatRoom': {
      const room = state.chatRooms.get(change.roomId);
      if (room) applyPatch(room, change.patch);
      return;
    }
    case 'chatRoomAsked': {
      const room = state.chatRooms.get(change.roomId);
      if (!room) return;
      room.askedCount += 1;
      room.lastAskedAt = change.at;
      return;
    }
  }
}
