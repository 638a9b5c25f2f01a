// The history's buckets: what each holds, and the tables the history keeps them in.

import type { BucketTable } from './bucket-table';

export interface Counts {
  viewers: number;
  uploaders: number;
  bytes: number;
}

export interface UserBucket {
  bytesWatched: number;
  minutesWatched: number;
  minutesUploaded: number;
  lastSeenAt: number;
}

/** Channel tables hold viewers, uploaders, bytes; user tables bytes watched, minutes watched, minutes uploaded, last seen. The global maps are bucket index -> bytes. */
export interface HistoryMaps {
  readonly channelMinutes: BucketTable;
  readonly channelHours: BucketTable;
  readonly globalMinutes: Map<number, number>;
  readonly globalHours: Map<number, number>;
  readonly userHours: BucketTable;
  readonly userDays: BucketTable;
}
