import type { Monitor } from '../../core/monitor';
import type {
  AuditEntry,
  CallMinutesReport,
  UserRange,
  AuditQuery,
  BackupRow,
  HistoryPoint,
  HistoryRange,
  SettingsResponse,
  SettingsView,
  SimulatorStatus,
  Summary,
  UserTotalsRow,
  WebhookTarget,
  WebhookTestResult,
} from '../../contract';
import type { LastMinuteTraffic } from './views';
import type { StreamHub } from './stream-hub';

export interface HistoryQueries extends LastMinuteTraffic {
  channelSeries(channelId: string, range: HistoryRange, now: number): HistoryPoint[];
  trafficSeries(range: HistoryRange, now: number): { t: number; bytes: number }[];
  topChannels(range: HistoryRange, now: number, n: number): { channelId: string; bytes: number }[];
  topUsers(range: HistoryRange, now: number, n: number): { userId: string; bytes: number }[];
  userTotals(range: HistoryRange, now: number): UserTotalsRow[];
}

export interface AuditQueries {
  record(entry: Omit<AuditEntry, 'id'>): AuditEntry;
  query(query: AuditQuery, opts?: { maxFiles?: number }): Promise<AuditEntry[]>;
}

export interface SettingsService {
  view(): SettingsView;
  /** The settings, what waits for a restart, and where each value came from. */
  response(): SettingsResponse;
  /** Validates and saves; a bad value is refused whole, with the reason. */
  update(patch: unknown): Promise<{ ok: true; response: SettingsResponse } | { ok: false; error: string }>;
}

export interface SimulatorControl {
  status(): SimulatorStatus;
  start(): Promise<SimulatorStatus>;
  stop(): Promise<SimulatorStatus>;
}

/** Calls liveProxyServer's /close or /delete for a pulled channel, when its address is set. */
export type LiveProxyCall = (verb: 'close' | 'delete', channelId: string) => Promise<{ ok: boolean; message: string } | undefined>;

/** Sends the test message of POST /api/webhooks/test: one attempt per target. */
export interface WebhookTester {
  test(targets: readonly WebhookTarget[]): Promise<WebhookTestResult[]>;
}

/** Backups of the data folder into the backup folder (server/backup). */
export interface BackupControl {
  /** Newest first. */
  list(): Promise<BackupRow[]>;
  /** Makes one now, after any running one; the retention (backupKeep) applies. */
  create(): Promise<BackupRow>;
}

export interface AdminServices {
  monitor: Monitor;
  history: HistoryQueries;
  callHistory: { report(range: UserRange, now: number, top?: number): CallMinutesReport };
  audit: AuditQueries;
  hub: StreamHub;
  settings: SettingsService;
  summary(): Summary;
  adminToken(): string;
  /** Replaces the admin token (saved to settings.json); every open session ends. */
  rotateAdminToken(): Promise<{ dashboardUrl: string }>;
  liveProxy: LiveProxyCall;
  simulator: SimulatorControl | undefined;
  webhooks: WebhookTester;
  backups: BackupControl;
  /** Folder of the built renderer; a placeholder page is served when it is missing. */
  rendererDir: string;
  now(): number;
}
