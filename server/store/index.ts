// The store: durability of the state (snapshot + journal), traffic history, audit log.

export { openDataStore } from './data-store';
export type { CapturedText, DataStore, DataStoreHealth, DataStoreOptions, RestoredState } from './data-store';
export { SnapshotCaptures } from './snapshot/snapshot-capture';
export type { SnapshotText } from './snapshot/snapshot-capture';
export { Journal } from './journal/journal';
export type { JournalOpenOptions, OpenedJournal } from './journal/journal';
export { nodeJournalIo } from './journal/journal-io';
export type { JournalIo } from './journal/journal-io';
export { SnapshotStore, STATE_FILE, PREVIOUS_STATE_FILE } from './snapshot/snapshot-store';
export type { OpenedSnapshots, SnapshotOpenOptions } from './snapshot/snapshot-store';
export { DurableJsonFile, CorruptFileError } from './snapshot/durable-json-file';
export { lockDataDir, DataDirLockedError, LOCK_FILE } from './lock';
export type { DataDirLock, LockInfo } from './lock';
export { AuditLog, AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT } from './audit/audit-log';
export type { AuditLogOptions } from './audit/audit-log';
export { TrafficHistory, rangeWindow } from './history/traffic-history';
export type { HistoryRetention } from './history/traffic-history';
export type { Counts, UserBucket } from './history/buckets';
export type { HistoryJSON } from './history/history-codec';
export type { JournalRecord, SnapshotEnvelope, StoreActivity, StoreProblem } from './types';
export { encodeSnapshot, isSnapshotData } from './snapshot/snapshot-codec';
export type { SnapshotData } from './snapshot/snapshot-codec';
export { stateFromJson, stateToJson } from './snapshot/state-codec';
export type { StateJson } from './snapshot/state-codec';
export { CallHistory } from './history/call-history';
export type { CallHistoryJSON } from './history/call-history';
