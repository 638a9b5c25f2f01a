import type { Change } from './changes';

/** What a change alters, as the dashboard follows it: a row of a topic, the bans, or nothing shown. */
export type Touched =
  | { topic: 'channels' | 'chatrooms' | 'groups' | 'calls'; id: string }
  | { topic: 'bans' }
  | { topic: null };

export function touchedBy(change: Change): Touched {
  switch (change.op) {
    case 'createChannel':
      return { topic: 'channels', id: change.channel.id };
    case 'patchChannel':
    case 'uploaderReport':
    case 'uploaderEnd':
    case 'viewerReport':
    case 'viewerEnd':
    case 'kickViewer':
      return { topic: 'channels', id: change.channelId };
    case 'putChatRoom':
      return { topic: 'chatrooms', id: change.room.id };
    case 'patchChatRoom':
    case 'chatRoomAsked':
      return { topic: 'chatrooms', id: change.roomId };
    case 'putGroup':
      return { topic: 'groups', id: change.group.id };
    case 'patchGroup':
    case 'groupSynced':
      return { topic: 'groups', id: change.groupId };
    case 'callStart':
      return { topic: 'calls', id: change.call.id };
    case 'callReport':
    case 'callEnding':
    case 'callEnd':
      return { topic: 'calls', id: change.callId };
    case 'putBan':
    case 'liftBan':
      return { topic: 'bans' };
    case 'setPushMode':
    case 'skipGroupId':
    case 'replayQueued':
    case 'replayDone':
      return { topic: null };
  }
}
