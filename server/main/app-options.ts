// What the headless CLI and the Electron shell both use to run the core in-process.

import type { FlagSettingKey, Notice, SettingKey, SettingsView, Summary } from '../contract';

/** Settings given on the command line (or by their environment variable) win over the file. */
export type AppOptions = Partial<Pick<SettingsView, FlagSettingKey>> & {
  dataDir: string;
  /** Given: used as is. Absent: the one in the settings file, generated on first run. */
  adminToken?: string;
  /** Which of the settings above came from a flag and which from the environment. */
  settingSources?: Partial<Record<SettingKey, 'flag' | 'env'>>;
  /** Where start-up lines and warnings go; defaults to stdout. */
  log?: (line: string) => void;
};

export interface RunningApp {
  /** e.g. http://0.0.0.0:9100/ */
  callbackUrl: string;
  /** e.g. http://127.0.0.1:9101/ */
  adminUrl: string;
  /** adminUrl with the token, for a browser or the Electron window. */
  dashboardUrl: string;
  adminToken: string;
  dataDir: string;
  /** `aecurl=http://<LAN address>:<port>/aec`, one per LAN address. */
  aecurlLines: string[];
  summary(): Summary;
  settings(): SettingsView;
  onNotice(listener: (notice: Notice) => void): () => void;
  /** Stop accepting, flush the journal, snapshot, release the data folder. */
  stop(): Promise<void>;
}
