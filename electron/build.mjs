// Bundles the Electron main process (electron/main.ts and the server code it imports) into
// dist/electron/main.js, so the installed app runs plain JavaScript without tsx. Runtime npm
// dependencies stay external: electron-builder ships them in node_modules. Icons the main
// process loads at run time are copied beside the bundle.
//
//   node electron/build.mjs            build once
//   import { buildMain } from './build.mjs'   (scripts/start.mjs)

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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildMain({ logLevel: 'info' }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
