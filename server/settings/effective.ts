import { CLI_FLAGS, SETTING_KEYS, defaultSettings, type FlagSettingKey, type SettingKey, type SettingSource, type SettingsView } from '../contract';
import { definedFields } from '../domain/defined';
import type { SettingsFile } from './schema';

export interface EffectiveSettings {
  view: SettingsView;
  /** Where each value in effect came from; a flag or its environment variable locks the field. */
  sources: Record<SettingKey, SettingSource>;
}

/** What the command line (or its environment variables) gave: a subset of the start's options. */
export type FlagValues = Partial<Pick<SettingsView, FlagSettingKey>> & { settingSources?: Partial<Record<SettingKey, 'flag' | 'env'>> };

/** Flags (and their environment variables) over the settings file over the defaults. */
export function effectiveSettings(file: SettingsFile, options: FlagValues): EffectiveSettings {
  const { adminToken: _token, ...fileSettings } = file;
  const fromOptions: Partial<SettingsView> = {};
  for (const cli of CLI_FLAGS) {
    if (cli.setting && options[cli.setting as FlagSettingKey] !== undefined) {
      Object.assign(fromOptions, { [cli.setting]: options[cli.setting as FlagSettingKey] });
    }
  }
  const view: SettingsView = { ...defaultSettings, ...definedFields(fileSettings), ...fromOptions };
  const sources = Object.fromEntries(
    SETTING_KEYS.map((key): [SettingKey, SettingSource] => {
      if (key in fromOptions) return [key, options.settingSources?.[key] ?? 'flag'];
      return [key, key in fileSettings && fileSettings[key] !== undefined ? 'file' : 'default'];
    }),
  ) as Record<SettingKey, SettingSource>;
  return { view, sources };
}
