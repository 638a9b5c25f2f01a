// The admin listener serves the built dashboard (dist/renderer). Build it when it is missing or
// older than its sources, so `npm run serve`, `npm start` and the end-to-end tests never show a
// stale page or the "not built" placeholder.
//
//   node scripts/ensure-renderer.mjs     (npm run serve / demo do this first)
//   import { ensureRenderer } from './ensure-renderer.mjs'

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Resolves true when it had to build. Without the renderer sources or vite (an installed app), does nothing. */
export async function ensureRenderer({ projectRoot = root, say = (line) => console.log(line) } = {}) {
  const sourcesDir = join(projectRoot, 'renderer');
  if (!existsSync(sourcesDir)) return false;
  const built = join(projectRoot, 'dist', 'renderer', 'index.html');
  // The dashboard imports the contract (vocabularies, API shapes): a change there is a change of the dashboard.
  const contractDir = join(projectRoot, 'server', 'contract');
  const sources = Math.max(newestMtime(sourcesDir), existsSync(contractDir) ? newestMtime(contractDir) : 0);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return false;
  say(existsSync(built) ? 'The dashboard sources changed: rebuilding it...' : 'Building the dashboard (first run, a few seconds)...');
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureRenderer().catch((error) => {
    console.error(`Could not build the dashboard: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
