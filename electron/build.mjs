// Bundles the Electron main process (electron/main.ts and the server code it imports) into
// dist/electron/main.js, so the installed app runs plain JavaScript without tsx. Runtime npm
// dependencies stay external: electron-builder ships them in node_modules. Icons the main
// process loads at run time are copied beside the bundle. Also bundles the headless entry
// (server/cli.ts) into dist/electron/serve.js, so an installed app can run as a service
// without a window: `ELECTRON_RUN_AS_NODE=1 <app binary> <resources>/app.asar/dist/electron/serve.js serve`,
// or `node dist/electron/serve.js serve` beside node_modules.
//
//   node electron/build.mjs            build both
//   import { buildMain, buildServe } from './build.mjs'   (scripts/start.mjs, tests)

import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Icons main.ts loads, relative to build/; `@2x` variants are picked up by Electron itself. */
export const RUNTIME_ICONS = ['icon.png', 'tray.png', 'tray@2x.png'];

export function runtimeExternals(projectRoot = root) {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  return ['electron', ...Object.keys(pkg.dependencies ?? {})];
}

export async function buildMain({ projectRoot = root, outDir = join(projectRoot, 'dist', 'electron'), logLevel = 'warning' } = {}) {
  await build({
    entryPoints: [join(projectRoot, 'electron', 'main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Electron 45 embeds Node 22.
    target: 'node22',
    external: runtimeExternals(projectRoot),
    sourcemap: 'linked',
    logLevel,
    // Anything CommonJS that does get bundled may still call require().
    banner: { js: "import { createRequire as __aecCreateRequire } from 'node:module'; const require = __aecCreateRequire(import.meta.url);" },
  });
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  for (const icon of RUNTIME_ICONS) copyFileSync(join(projectRoot, 'build', icon), join(outDir, 'icons', icon));
  return join(outDir, 'main.js');
}

/** Development tools only `bench` loads (on demand): never bundled, absent from an installed app. */
export const BENCH_ONLY = ['esbuild', 'autocannon'];

/**
 * The headless CLI (serve, demo, simulate, backup, restore) as one file. Built for Node 20, the
 * oldest Node it runs under (Docker's node:20), which Electron 45's Node 22 also runs.
 * `bench` stays a development tool: it forks TypeScript workers from the sources.
 */
export async function buildServe({ projectRoot = root, outDir = join(projectRoot, 'dist', 'electron'), logLevel = 'warning' } = {}) {
  const outfile = join(outDir, 'serve.js');
  await build({
    entryPoints: [join(projectRoot, 'server', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...runtimeExternals(projectRoot).filter((name) => name !== 'electron'), ...BENCH_ONLY],
    sourcemap: 'linked',
    logLevel,
    banner: { js: "import { createRequire as __aecCreateRequire } from 'node:module'; const require = __aecCreateRequire(import.meta.url);" },
  });
  return outfile;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  Promise.all([buildMain({ logLevel: 'info' }), buildServe({ logLevel: 'info' })]).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
