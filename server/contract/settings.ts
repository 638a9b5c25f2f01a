// Every setting the operator can change: its kind and limits, its default, where it is shown,
// whether it needs a restart, and the command-line flag and environment variable that can set
// it. The server builds its validation from this table and the dashboard its settings form.

import { NOTICE_KINDS } from './notices';
import { DEFAULT_ADMIN_PORT, DEFAULT_CALLBACK_PORT } from './ports';
import type { WebhookTarget } from './webhooks';

export const SETTING_SECTIONS = ['listeners', 'callers', 'decisions', 'chatrooms', 'upstream', 'storage', 'retention', 'alerts', 'notifications'] as const;
export type SettingSection = (typeof SETTING_SECTIONS)[number];

export const SETTING_UNITS = ['viewers', 'seconds', 'milliseconds', 'bytes', 'megabytes', 'days', 'hours', 'connections', 'backups', 'channels', 'members', 'minutes'] as const;
export type SettingUnit = (typeof SETTING_UNITS)[number];

interface Common {
  section: SettingSection;
  /** Takes effect only after a restart (it shapes a listener). */
  restart?: boolean;
  /** `--name` on the command line, also `npm run serve -- --name`. */
  flag?: string;
  env?: string;
  /** Only meaningful inside the desktop app. */
  desktopOnly?: boolean;
}

export type SettingDescriptor = Common &
  (
    | { kind: 'host'; default: string }
    | { kind: 'port'; default: number }
    | { kind: 'integer'; min: number; max: number; default: number; unit?: SettingUnit }
    | { kind: 'boolean'; default: boolean }
    | { kind: 'choice'; options: readonly string[]; default: string }
    /** An http(s) address, or null for none. */
    | { kind: 'url'; default: null }
    /** A secret text, or null for none. */
    | { kind: 'secret'; default: null }
    | { kind: 'cidrList'; default: readonly string[] }
    | { kind: 'switches'; keys: readonly string[]; default: Readonly<Record<string, boolean>> }
    /** Outgoing alert targets (contract/webhooks.ts). */
    | { kind: 'webhookList'; default: readonly WebhookTarget[] }
    /** A folder path, or null for the default one. */
    | { kind: 'folder'; default: null }
    /** A short text that must not be empty. */
    | { kind: 'text'; default: string }
  );

export const SETTINGS = {
  callbackHost: { kind: 'host', default: '0.0.0.0', section: 'listeners', restart: true, flag: 'callback-host', env: 'AEC_CALLBACK_HOST' },
  callbackPort: { kind: 'port', default: DEFAULT_CALLBACK_PORT, section: 'listeners', restart: true, flag: 'callback-port', env: 'AEC_CALLBACK_PORT' },
  adminHost: { kind: 'host', default: '127.0.0.1', section: 'listeners', restart: true, flag: 'admin-host', env: 'AEC_ADMIN_HOST' },
  adminPort: { kind: 'port', default: DEFAULT_ADMIN_PORT, section: 'listeners', restart: true, flag: 'admin-port', env: 'AEC_ADMIN_PORT' },
  // Callbacks are under 2 KB but a group's member list can be long (10,000 ids are about 90 KB).
  maxBodyBytes: { kind: 'integer', min: 2048, max: 1_048_576, default: 262_144, unit: 'bytes', section: 'listeners', restart: true },
  maxConnectionsPerClient: { kind: 'integer', min: 4, max: 100_000, default: 1024, unit: 'connections', section: 'listeners', restart: true },
  answerBudgetMs: { kind: 'integer', min: 100, max: 10_000, default: 1000, unit: 'milliseconds', section: 'listeners' },

  guardToken: { kind: 'secret', default: null, section: 'callers', flag: 'guard-token', env: 'AEC_GUARD_TOKEN' },
  requireSign: { kind: 'boolean', default: false, section: 'callers', flag: 'require-sign', env: 'AEC_REQUIRE_SIGN' },
  allowFrom: { kind: 'cidrList', default: [], section: 'callers', flag: 'allow-from', env: 'AEC_ALLOW_FROM' },

  maxCapacity: { kind: 'integer', min: 0, max: 1_000_000, default: 500, unit: 'viewers', section: 'decisions' },
  graceSeconds: { kind: 'integer', min: 30, max: 3600, default: 150, unit: 'seconds', section: 'decisions' },
  adoptUnknownChannels: { kind: 'boolean', default: true, section: 'decisions' },
  /** The answer to an action no family knows (a newer media server's): "1" keeps it working. */
  unsupportedReply: { kind: 'choice', options: ['deny', 'allow'], default: 'allow', section: 'decisions' },
  liveProxyServer: { kind: 'url', default: null, section: 'decisions' },

  /** The member limit of a chat room created with conCurrentNumber 0 (which would lock everyone out) or adopted. */
  defaultChatRoomLimit: { kind: 'integer', min: 1, max: 65_535, default: 100, unit: 'members', section: 'chatrooms' },
  adoptUnknownChatRooms: { kind: 'boolean', default: true, section: 'chatrooms' },
  /** The creator an adopted room is given when no live channel names one: an id no real user has. */
  chatRoomPlaceholderCreator: { kind: 'text', default: 'aec-monitor', section: 'chatrooms' },
  groupMaxMembers: { kind: 'integer', min: 2, max: 20_000, default: 5000, unit: 'members', section: 'chatrooms' },
  /** Whether clients may push system messages to users and groups (the reference refuses them). */
  allowGroupSystemPush: { kind: 'boolean', default: false, section: 'chatrooms' },
  /** A call is ended at this many minutes; 0: no limit. */
  maxCallMinutes: { kind: 'integer', min: 0, max: 100_000, default: 0, unit: 'minutes', section: 'chatrooms' },

  /** Forward mode: the studio's own eventCenter, which decides first; null: standalone. */
  upstreamAec: { kind: 'url', default: null, section: 'upstream', flag: 'upstream-aec', env: 'AEC_UPSTREAM_AEC' },
  /** How long the eventCenter may take; also bounded by the answer budget. */
  upstreamTimeoutMs: { kind: 'integer', min: 100, max: 10_000, default: 1000, unit: 'milliseconds', section: 'upstream', flag: 'upstream-timeout-ms', env: 'AEC_UPSTREAM_TIMEOUT_MS' },
  /** Rewrite eventCenter replies 2.9.6 cannot parse (numbers in data, whitespace) into ones it can. */
  normaliseUpstreamReplies: { kind: 'boolean', default: false, section: 'upstream' },
  /** While the eventCenter is down, answer creates "1" and replay them later (else "0": the user retries). */
  upstreamDegradedCreates: { kind: 'boolean', default: false, section: 'upstream' },

  whenStorageFails: { kind: 'choice', options: ['keepShowsRunning', 'refuseChanges'], default: 'keepShowsRunning', section: 'storage' },
  /** Hours between automatic backups of the data folder; 0 turns them off. */
  backupEveryHours: { kind: 'integer', min: 0, max: 24 * 30, default: 24, unit: 'hours', section: 'storage' },
  backupKeep: { kind: 'integer', min: 1, max: 365, default: 7, unit: 'backups', section: 'storage' },
  /** Where automatic backups go; null: the backups folder inside the data folder. */
  backupDir: { kind: 'folder', default: null, section: 'storage' },

  auditRetentionDays: { kind: 'integer', min: 1, max: 3650, default: 30, unit: 'days', section: 'retention' },
  auditMaxMegabytes: { kind: 'integer', min: 16, max: 1_048_576, default: 2048, unit: 'megabytes', section: 'retention' },
  historyRetentionDays: { kind: 'integer', min: 2, max: 3650, default: 90, unit: 'days', section: 'retention' },

  webhooks: { kind: 'webhookList', default: [], section: 'alerts', flag: 'webhook', env: 'AEC_WEBHOOK' },
  /** Per-channel Prometheus series are kept for at most this many channels (the busiest). */
  metricsChannelLabels: { kind: 'integer', min: 0, max: 10_000, default: 100, unit: 'channels', section: 'alerts' },
  /** The dashboard's studio health: amber after this much media-server silence (reports come once a minute). */
  silenceWarnSeconds: { kind: 'integer', min: 30, max: 3600, default: 90, unit: 'seconds', section: 'alerts' },
  /** ... and red after this much (the grace of a session: by then every viewer has aged out). */
  silenceAlarmSeconds: { kind: 'integer', min: 60, max: 7200, default: 150, unit: 'seconds', section: 'alerts' },

  notifications: {
    kind: 'switches',
    keys: NOTICE_KINDS,
    default: { mediaServerSilent: true, channelLive: true, channelStale: true, storeError: true, upstreamDown: true },
    section: 'notifications',
    desktopOnly: true,
  },
} as const satisfies Record<string, SettingDescriptor>;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

type ValueOf<D> = D extends { kind: 'host' | 'text' } ? string
  : D extends { kind: 'port' | 'integer' } ? number
  : D extends { kind: 'boolean' } ? boolean
  : D extends { kind: 'choice'; options: readonly (infer O)[] } ? O
  : D extends { kind: 'url' | 'secret' } ? string | null
  : D extends { kind: 'cidrList' } ? string[]
  : D extends { kind: 'switches'; keys: readonly (infer K extends string)[] } ? Record<K, boolean>
  : D extends { kind: 'webhookList' } ? WebhookTarget[]
  : D extends { kind: 'folder' } ? string | null
  : never;

/** The settings in effect, as the API shows them. */
export type SettingsView = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const defaultSettings: SettingsView = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, structuredClone(SETTINGS[key].default)]),
) as unknown as SettingsView;

export const RESTART_REQUIRED: readonly SettingKey[] = SETTING_KEYS.filter((key) => (SETTINGS[key] as SettingDescriptor).restart === true);

/** Where the value in effect came from: a flag (or its environment variable) locks the field. */
export const SETTING_SOURCES = ['flag', 'env', 'file', 'default'] as const;
export type SettingSource = (typeof SETTING_SOURCES)[number];

/** A command-line flag of `serve`, `demo` and the desktop app, with its environment variable. */
export interface CliFlag {
  flag: string;
  env: string;
  /** The setting it sets; absent for the two that are not settings (data folder, admin token). */
  setting?: SettingKey;
  /** A switch: `--require-sign` alone means true. */
  boolean: boolean;
}

export const CLI_FLAGS: readonly CliFlag[] = [
  { flag: 'data-dir', env: 'AEC_DATA_DIR', boolean: false },
  { flag: 'admin-token', env: 'AEC_ADMIN_TOKEN', boolean: false },
  ...SETTING_KEYS.flatMap((key): CliFlag[] => {
    const descriptor: SettingDescriptor = SETTINGS[key];
    if (descriptor.flag === undefined || descriptor.env === undefined) return [];
    return [{ flag: descriptor.flag, env: descriptor.env, setting: key, boolean: descriptor.kind === 'boolean' }];
  }),
];

/** The settings a flag can set. */
export type FlagSettingKey = {
  [K in SettingKey]: (typeof SETTINGS)[K] extends { flag: string } ? K : never;
}[SettingKey];
