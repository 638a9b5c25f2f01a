export const RUNTIME_ICONS: string[];
export function runtimeExternals(projectRoot?: string): string[];
export function buildMain(options?: {
  projectRoot?: string;
  /** Defaults to dist/electron under projectRoot. */
  outDir?: string;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
}): Promise<string>;
