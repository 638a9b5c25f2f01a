import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SettingsView } from '../contract/api';
import { defaultDecisionSettings } from '../domain/settings';
import { fsyncDir } from '../store/durable-file';
import { parseAllowList } from '../http/callback/allow-list';

export const SETTINGS_FILE = 'settings.json';

const portSchema = z.number().int().min(0).max(65535);

/** Everything the operator can set; the file holds it plus the admin token. */
export const settingsSchema = z.object({
  callbackHost: z.string().min(1),
  callbackPort: portSchema,
  adminHost: z.string().min(1),
  adminPort: portSchema,
  guardToken: z.string().min(1).nullable(),
  allowFrom: z.array(z.string()).superRefine((ranges, ctx) => {
    try {
      parseAllowList(ranges);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  maxCapacity: z.number().int().min(0).max(1_000_000),
  graceSeconds: z.number().int().min(30).max(3600),
  adoptUnknownChannels: z.boolean(),
  unsupportedReply: z.enum(['deny', 'allow']),
  liveProxyServer: z.string().url().nullable(),
  whenStorageFails: z.enum(['keepShowsRunning', 'refuseChanges']),
  maxBodyBytes: z.number().int().min(2048).max(1_048_576),
  maxConnectionsPerClient: z.number().int().min(4).max(100_000),
  auditRetentionDays: z.number().int().min(1).max(3650),
  auditMaxMegabytes: z.number().int().min(16).max(1_048_576),
  historyRetentionDays: z.number().int().min(2).max(3650),
  notifications: z.object({
    mediaServerSilent: z.boolean(),
    channelLive: z.boolean(),
    channelStale: z.boolean(),
    storeError: z.boolean(),
  }),
}) satisfies z.ZodType<SettingsView>;

export const settingsFileSchema = settingsSchema.partial().extend({ adminToken: z.string().min(16).optional() });
export type SettingsFile = z.infer<typeof settingsFileSchema>;

export const DEFAULT_CALLBACK_PORT = 9900;
export const DEFAULT_ADMIN_PORT = 9901;

export const defaultSettings: SettingsView = {
  callbackHost: '0.0.0.0',
  callbackPort: DEFAULT_CALLBACK_PORT,
  adminHost: '127.0.0.1',
  adminPort: DEFAULT_ADMIN_PORT,
  guardToken: null,
  allowFrom: [],
  maxCapacity: defaultDecisionSettings.maxCapacity,
  graceSeconds: defaultDecisionSettings.graceSeconds,
  adoptUnknownChannels: defaultDecisionSettings.adoptUnknownChannels,
  unsupportedReply: defaultDecisionSettings.unsupportedReply,
  liveProxyServer: null,
  whenStorageFails: 'keepShowsRunning',
  maxBodyBytes: 16_384,
  maxConnectionsPerClient: 1024,
  auditRetentionDays: 30,
  auditMaxMegabytes: 2048,
  historyRetentionDays: 90,
  notifications: { mediaServerSilent: true, channelLive: true, channelStale: true, storeError: true },
};

/** Settings whose change takes effect only after a restart (they shape the listeners). */
export const RESTART_REQUIRED: (keyof SettingsView)[] = [
  'callbackHost',
  'callbackPort',
  'adminHost',
  'adminPort',
  'maxBodyBytes',
  'maxConnectionsPerClient',
];

export function newAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface LoadedSettingsFile {
  file: SettingsFile;
  problem?: string;
}

/** A missing file is a first run; a broken one is moved aside, never overwritten. */
export async function loadSettingsFile(dataDir: string): Promise<LoadedSettingsFile> {
  const path = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file: {} };
    throw error;
  }
  let parsed: ReturnType<typeof settingsFileSchema.safeParse>;
  try {
    parsed = settingsFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = settingsFileSchema.safeParse(undefined);
  }
  if (parsed.success) return { file: parsed.data };
  const aside = `${path}.broken-${new Date().toISOString().replace(/:/g, '-')}`;
  await rename(path, aside);
  return { file: {}, problem: `settings file ${path} was unreadable; moved to ${aside} and defaults used` };
}

export async function saveSettingsFile(dataDir: string, file: SettingsFile): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, SETTINGS_FILE);
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  // The rename itself must survive a power loss: a rotated token or a ban setting is not lost.
  await fsyncDir(dataDir);
}
