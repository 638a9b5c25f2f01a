import { RESTART_REQUIRED, type SettingKey, type SettingSource, type SettingsResponse, type SettingsView } from '../contract';
import { decisionSettingsOf, type DecisionSettings } from '../domain/settings';
import { parseAllowList, type AllowList } from './allow-list';
import { definedFields } from '../domain/defined';
import { saveSettingsFile } from './settings-file';
import type { SignPolicy } from '../protocol';
import { settingsPatchSchema, type SettingsFile } from './schema';

/**
 * The operator's settings while running: what the listeners were started with, what the
 * settings file says now, and the decision settings the domain reads on every event. The admin
 * API's SettingsService (http/admin/services.ts) is this shape.
 */
export class LiveSettings {
  private current: SettingsView;
  private readonly startedWith: SettingsView;
  private decision: DecisionSettings;
  private sign: SignPolicy;
  private upstreamSettings: UpstreamSettings | undefined;
  private writing: Promise<unknown> = Promise.resolve();
  private parsedAllowList: { source: string[]; list: AllowList } | undefined;
  private readonly listeners = new Set<(settings: SettingsView) => void>();

  constructor(
    private readonly dataDir: string,
    initial: SettingsView,
    private file: SettingsFile,
    /** Where each value came from at start; a dashboard change makes it the file's. */
    private readonly sources: Record<SettingKey, SettingSource>,
  ) {
    this.current = structuredClone(initial);
    this.startedWith = structuredClone(initial);
    this.decision = decisionSettingsOf(initial);
    this.sign = signPolicyOf(initial);
    this.upstreamSettings = upstreamSettingsOf(initial);
  }

  view(): SettingsView {
    return structuredClone(this.current);
  }

  /** Read on every event: kept as one prepared object. */
  decisionSettings(): DecisionSettings {
    return this.decision;
  }

  /** Read on every callback. */
  get signPolicy(): SignPolicy {
    return this.sign;
  }

  /** Forward mode's eventCenter and how to treat it; undefined standalone. Read on every callback. */
  get upstream(): UpstreamSettings | undefined {
    return this.upstreamSettings;
  }

  get answerBudgetMs(): number {
    return this.current.answerBudgetMs;
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

  /** What GET and PUT /api/settings answer. */
  response(): SettingsResponse {
    return { settings: this.view(), restartRequired: this.pendingRestart(), sources: { ...this.sources } };
  }

  pendingRestart(): SettingKey[] {
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
    const parsed = settingsPatchSchema.safeParse(patch);
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
      this.decision = decisionSettingsOf(next);
      this.sign = signPolicyOf(next);
      this.upstreamSettings = upstreamSettingsOf(next);
      for (const listener of this.listeners) listener(this.view());
      for (const key of Object.keys(parsed.data) as SettingKey[]) {
        if (this.sources[key] === 'default') this.sources[key] = 'file';
      }
      return { ok: true as const, response: this.response() };
    });
  }

  /** One settings.json write at a time. */
  private serially<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writing.then(write);
    this.writing = result.catch(() => undefined);
    return result;
  }
}

function signPolicyOf(settings: SettingsView): SignPolicy {
  return { guardToken: settings.guardToken, required: settings.requireSign };
}

export interface UpstreamSettings {
  url: string;
  timeoutMs: number;
  normalise: boolean;
  degradedCreates: boolean;
}

function upstreamSettingsOf(view: SettingsView): UpstreamSettings | undefined {
  if (!view.upstreamAec) return undefined;
  return { url: view.upstreamAec, timeoutMs: view.upstreamTimeoutMs, normalise: view.normaliseUpstreamReplies, degradedCreates: view.upstreamDegradedCreates };
}
