/** A group: we hand out its id and keep its members; the media server asks again after restarts. */
export interface Group {
  /** A numeric string, never reused. */
  id: string;
  name?: string;
  creator: string;
  /** In the order they joined; the creator first. */
  members: string[];
  /** Members with do-not-disturb on: no offline push for this group. */
  ignore: string[];
  createdAt: number;
  syncCount: number;
  lastSyncAt?: number;
  deletedAt?: number;
  deletedBy?: string;
}

/** The first group id handed out on a fresh data folder (the reference demo's dump starts near 100462). */
export const FIRST_GROUP_ID = 100_000;
