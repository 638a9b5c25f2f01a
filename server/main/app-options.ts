// What the headless CLI and the Electron shell both use to run the core in-process.

import type { SettingsView, Summary } from '../contract/api';

export interface AppOptions {
  dataDir: string;
  callbackHost?: string;
  callbackPort?: number;
  adminHost?: string;
  adminPort?: number;
  /** Given: used as is. Absent: the one in the settings file, generated on first run. */
  adminToken?: string;
  guardToken?: string;
  /** CIDR list of media server addresses allowed on the callback listener. */
  allowFrom?: string[];
  /** Where start-up lines and warnings go; defaults to stdout. */
  log?: (line: string) => void;
}

/** Things an operator must not miss; the desktop shell turns them into OS notifications. */
export type Notice =
  | { kind: 'mediaServerSilent'; silentForMs: number }
  | { kind: 'channelLive'; channelId: string }
  | { kind: 'channelStale'; channelId: string }
  | { kind: 'storeError'; message: string };

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
