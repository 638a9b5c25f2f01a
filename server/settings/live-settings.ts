import type { SettingsResponse, SettingsView } from '../contract/api';
import type { SettingsService } from '../http/admin/services';
import type { DecisionSettings } from '../domain';
import { parseAllowList, type AllowList } from '../http/callback/allow-list';
import { definedFields } from '../domain/defined';
import { RESTART_REQUIRED, saveSettingsFile, settingsSchema, type SettingsFile } from './settings-file';

/**
 * The operator's settings while running: what the listeners were started with, what the
 * settings file says now, and the decision settings the domain reads on every event.
 */
export class LiveSettings implements SettingsService {
  private current: SettingsView;
  private readonly startedWith: SettingsView;
  private decision: DecisionSettings;
  private writing: Promise<unknown> = Promise.resolve();
  private parsedAllowList: { source: string[]; list: AllowList } | undefined;
  private readonly listeners = new Set<(settings: SettingsView) => void>();

  constructor(
    private readonly dataDir: string,
    initial: SettingsView,
    private file: SettingsFile,
  ) {
    this.current = structuredClone(initial);
    this.startedWith = structuredClone(initial);
    this.decision = toDecisionSettings(initial);
  }

  view(): SettingsView {
    return structuredClone(this.current);
  }

  /** Read on every event: kept as one prepared object. */
  decisionSettings(): DecisionSettings {
    return this.decision;
  }

  get guardToken(): string | null {
    return this.current.guardToken;
  }

  /** Parsed once per change, checked on every callback. */
  allowList(): AllowList {
    if (this.parsedAllowList?.source !== this.current.allowFrom) {
      this.parsedAllowList = { source: this.current.allowFrom, list: parseAllowList(this.current.allowFrom) };
    }
    return this.parsedAllowList.list;
  }

  get refuseWhileStorageFails(): boolean {
    return this.current.whenStorageFails === 'refuseChanges';
  }

  pendingRestart(): (keyof SettingsView)[] {
    return RESTART_REQUIRED.filter((key) => this.current[key] !== this.startedWith[key]);
  }

  onChange(listener: (settings: SettingsView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  saveAdminToken(token: string): Promise<void> {
    return this.serially(async () => {
      const file: SettingsFile = { ...this.file, adminToken: token };
      await saveSettingsFile(this.dataDir, file);
      this.file = file;
    });
  }

  async update(patch: unknown): Promise<{ ok: true; response: SettingsResponse } | { ok: false; error: string }> {
    const parsed = settingsSchema.partial().strict().safeParse(patch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'settings';
      return { ok: false, error: `${where}: ${issue?.message ?? 'invalid value'}` };
    }
    return this.serially(async () => {
      // Built after the previous save landed, so concurrent changes never undo each other.
      const next: SettingsView = { ...this.current, ...definedFields(parsed.data) };
      const file: SettingsFile = { ...this.file, ...definedFields(parsed.data) };
      await saveSettingsFile(this.dataDir, file);
      this.file = file;
      this.current = next;
      this.decision = toDecisionSettings(next);
      for (const listener of this.listeners) listener(this.view());
      return { ok: true as const, response: { settings: this.view(), restartRequired: this.pendingRestart() } };
    });
  }

  /** One settings.json write at a time. */
  private serially<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writing.then(write);
    this.writing = result.catch(() => undefined);
    return result;
  }
}

function toDecisionSettings(settings: SettingsView): DecisionSettings {
  return {
    maxCapacity: settings.maxCapacity,
    graceSeconds: settings.graceSeconds,
    adoptUnknownChannels: settings.adoptUnknownChannels,
    unsupportedReply: settings.unsupportedReply,
  };
}
