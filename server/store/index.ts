// The store: durability of the state (snapshot + journal), traffic history, audit log.

export { openDataStore } from './dataStore';
export type { DataStore, DataStoreHealth, DataStoreOptions, RestoredState } from './dataStore';
export { Journal } from './journal';
export type { JournalOpenOptions, OpenedJournal } from './journal';
export { nodeJournalIo } from './journalIo';
export type { JournalIo } from './journalIo';
export { SnapshotStore, STATE_FILE, PREVIOUS_STATE_FILE } from './snapshot';
export type { OpenedSnapshots, SnapshotOpenOptions } from './snapshot';
export { DurableJsonFile, CorruptFileError } from './durableJsonFile';
export { lockDataDir, DataDirLockedError, LOCK_FILE } from './lock';
export type { DataDirLock, LockInfo } from './lock';
export { AuditLog, AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT } from './audit';
export type { AuditLogOptions } from './audit';
export { TrafficHistory, resolutionOf, rangeWindow } from './history';
export type { Counts, UserBucket, UserRange, HistoryRetention } from './history';
export type { HistoryJSON } from './historyJson';
export type { JournalRecord, SnapshotEnvelope, StoreProblem } from './types';
