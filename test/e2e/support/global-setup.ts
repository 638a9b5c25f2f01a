// The admin listener serves the built renderer: `npx playwright test` alone never runs against a stale page.
import { ensureRenderer } from '../../../scripts/ensure-renderer.mjs';

export default async function globalSetup(): Promise<void> {
  await ensureRenderer({ projectRoot: process.cwd() });
}
