export interface FindElectronInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Folder holding package.json and node_modules. */
  projectRoot: string;
  exists?: (path: string) => boolean;
  readText?: (path: string) => string;
  /** Null when the binary runs; otherwise what went wrong. */
  probe?: (binary: string) => string | null;
}

export type ElectronLookup =
  | { ok: true; binary: string; source: 'ELECTRON_PATH' | 'electron package' }
  | { ok: false; reason: string };

export function findElectron(input: FindElectronInput): ElectronLookup;
export function probeElectron(binary: string): string | null;
