import type { ChatRoomType } from '../../contract';

/** A chat room as the business server keeps it: the media server only caches rooms in memory. */
export interface ChatRoom {
  id: string;
  creator: string;
  type: ChatRoomType;
  /** Member limit answered at IS_EXIST, 1–65535. */
  limit: number;
  /** conCurrentNumber as the create asked, before clamping; absent for adopted rooms. */
  requestedLimit?: number;
  name?: string;
  createdAt: number;
  /** First seen through IS_EXIST: created before this server kept rooms. */
  adopted: boolean;
  /** List types it is saved under (older builds' SAVE_TO_CHATROOM_LIST). */
  lists: number[];
  askedCount: number;
  lastAskedAt?: number;
  deletedAt?: number;
  /** `user:<id>` or `operator`. */
  deletedBy?: string;
}
