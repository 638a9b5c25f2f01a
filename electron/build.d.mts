export const RUNTIME_ICONS: string[];
export const BENCH_ONLY: string[];
export function runtimeExternals(projectRoot?: string): string[];
/** Bundles server/cli.ts into <outDir>/serve.js; resolves with its path. */
export function buildServe(options?: {
  projectRoot?: string;
  /** Defaults to dist/electron under projectRoot. */
  outDir?: string;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
}): Promise<string>;
export function buildMain(options?: {
  projectRoot?: string;
  /** Defaults to dist/electron under projectRoot. */
  outDir?: string;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
}): Promise<string>;
