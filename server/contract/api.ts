// The admin API's JSON shapes, shared by server/http, the renderer, Electron and the tests.
// Numbers are raw: bytes, seconds, epoch milliseconds. Formatting is the renderer's job.

import type { ChannelType } from './actions';
import type { AuditEntry } from './audit';
import type { ChannelDisplayState, ChannelLifecycle } from './channels';
import type { HistoryRange, HistoryResolution } from './history';
import type { SettingKey, SettingSource, SettingsView } from './settings';

export interface ChannelRow {
  id: string;
  type: ChannelType;
  owner: string | null;
  /** The channel's `extra` as sent at creation, used as its name. */
  name: string | null;
  roomId: string | null;
  groupId: string | null;
  listType: number | null;
  state: ChannelDisplayState;
  lifecycle: ChannelLifecycle;
  adopted: boolean;
  viewers: number;
  uploaders: number;
  capacity: number;
  bytes: number;
  /** Bytes reported in the last full minute. */
  bytesLastMinute: number;
  createdAt: number;
  liveSince: number | null;
  closedBy: string | null;
  closeRequestedAt: number | null;
  lastEventAt: number;
}

export interface UploaderRow {
  userId: string;
  since: number;
  lastReportAt: number;
  reports: number;
}

export interface SessionRow {
  userId: string;
  since: number;
  lastReportAt: number;
  bytes: number;
  reports: number;
  state: 'watching' | 'kicked';
}

/** A show's numbers: for a live channel so far, for a closed one its last run. */
export interface ShowSummary {
  /** Start of the run (first uploader report), null when it never went live. */
  startedAt: number | null;
  /** End of the run, null while it is live. */
  endedAt: number | null;
  durationSeconds: number;
  /** Most viewer sessions at once. */
  peakViewers: number;
  /** Distinct users who watched. */
  uniqueViewers: number;
  bytes: number;
}

export interface ChannelDetail {
  channel: ChannelRow;
  show: ShowSummary;
  grantedUploaders: string[];
  specify: string[] | null;
  uploaders: UploaderRow[];
  sessions: SessionRow[];
  /** Newest first. */
  recentEvents: AuditEntry[];
}

export interface StoreHealth {
  ok: boolean;
  /** Problems found on start (corrupt file moved aside) or while running (write errors). */
  problems: { at: number; message: string }[];
  lastSnapshotAt: number | null;
  journalBytes: number;
  /** Change records not on disk yet (queued, or waiting to be retried after a write error). */
  pendingRecords: number;
  /** Answers sent before their change was on disk, since start: the disk was slower than the answer budget. */
  answeredBeforeDurable: number;
  lastAnsweredBeforeDurableAt: number | null;
}

export interface Summary {
  version: string;
  startedAt: number;
  now: number;
  callbackUrl: string;
  /** One `aecurl=` line per LAN address of this machine. */
  aecurlLines: string[];
  lastCallbackAt: number | null;
  callbacksPerMinute: number;
  denialsPerMinute: number;
  channels: { total: number; live: number; closing: number };
  /** Rooms answered at IS_EXIST, of them adopted; deleted rooms not counted. */
  chatRooms: { total: number; adopted: number };
  groups: { total: number };
  /** Calls reporting minutes now, and those the operator ended that have not stopped yet. */
  calls: { active: number; ending: number };
  viewers: number;
  uploaders: number;
  bytesTotal: number;
  bytesLastMinute: number;
  store: StoreHealth;
  /** Forward mode only: the studio's eventCenter as we see it. */
  upstream: UpstreamHealth | null;
  dataDir: string;
  simulator: SimulatorStatus;
}

export interface UpstreamHealth {
  url: string;
  /** Its last answers came, and in time. */
  ok: boolean;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Answer times over the last 1,000 forwarded callbacks, milliseconds. */
  latencyP50: number | null;
  latencyP99: number | null;
  forwardedPerMinute: number;
  errorsPerMinute: number;
  fallbacksPerMinute: number;
  /** Teardowns answered by fallback, waiting to be replayed to it. */
  pendingReplays: number;
  /** Replies rewritten so 2.9.6 can read them, and replies 2.9.6 cannot read that went out as they were. */
  rewrittenReplies: number;
  unreadableReplies: number;
  /** Replies whose error index would have crashed the media server: always rewritten. */
  dangerousReplies: number;
}

export interface SimulatorStatus {
  available: boolean;
  running: boolean;
  sent: number;
  allowed: number;
  denied: number;
  errors: number;
}

export interface HistoryPoint {
  /** Start of the bucket, epoch ms. */
  t: number;
  /** Viewer reports in the bucket (each viewer reports once a minute). */
  viewers: number;
  uploaders: number;
  bytes: number;
}

export interface ChannelHistory {
  channelId: string;
  range: HistoryRange;
  resolution: HistoryResolution;
  points: HistoryPoint[];
}

export interface TrafficReport {
  range: HistoryRange;
  resolution: HistoryResolution;
  series: { t: number; bytes: number }[];
  topChannels: { channelId: string; bytes: number }[];
  topUsers: { userId: string; bytes: number }[];
}

export interface UserTotalsRow {
  userId: string;
  bytesWatched: number;
  minutesWatched: number;
  minutesUploaded: number;
  lastSeenAt: number;
}

export interface BanRow {
  userId: string;
  since: number;
  until: number | null;
  reason: string;
}

export interface SettingsResponse {
  settings: SettingsView;
  /** Names of settings whose new value takes effect only after a restart. */
  restartRequired: SettingKey[];
  /** Where each value in effect came from: a flag or its environment variable wins at every start. */
  sources: Record<SettingKey, SettingSource>;
}

/** GET /api/channels/sparklines: bytes per full minute, oldest first, ending with the minute before `to`. */
export interface ChannelSparklines {
  /** Start of the running minute (not included: it is not over yet), epoch ms. */
  to: number;
  minutes: number;
  /** Channels with traffic in the window only; absent means all zeros. */
  series: Record<string, number[]>;
}

/** Error body of every failed admin request. */
export interface ApiError {
  error: string;
  /** Stable machine-readable name, e.g. `not_found`, `conflict`, `bad_request`, `unauthorized`. */
  code: string;
}

/** Reply to close / delete / reopen / capacity / kick. */
export interface ActionResult {
  channel: ChannelRow;
  /** What happens next, for the operator. */
  message: string;
  /** LIVEPROXY only: outcome of the call to liveProxyServer, when one was made. */
  proxy?: { ok: boolean; message: string };
}
