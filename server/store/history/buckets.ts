// The history's buckets: what each holds, and the maps the history keeps them in.

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

export type Buckets<V> = Map<number, V>;

/** Bucket index -> value, per channel or user id; the global maps are bucket index -> bytes. */
export interface HistoryMaps {
  readonly channelMinutes: Map<string, Buckets<Counts>>;
  readonly channelHours: Map<string, Buckets<Counts>>;
  readonly globalMinutes: Map<number, number>;
  readonly globalHours: Map<number, number>;
  readonly userHours: Map<string, Buckets<UserBucket>>;
  readonly userDays: Map<string, Buckets<UserBucket>>;
}
