export function ensureRenderer(options?: { projectRoot?: string; say?: (line: string) => void }): Promise<boolean>;
