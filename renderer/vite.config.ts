// Builds the dashboard into dist/renderer (served by the admin listener) and, in development,
// proxies /api to a running headless server, adding its admin token so the page need not know it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { DEFAULT_ADMIN_PORT } from '../server/contract/ports.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const adminUrl = process.env.AEC_ADMIN_URL ?? `http://127.0.0.1:${DEFAULT_ADMIN_PORT}`;
const adminToken = process.env.AEC_ADMIN_TOKEN ?? '';

/**
 * Writes each built file also as .br (brotli, best) and .gz beside it: the admin listener's static
 * server (koa-send) sends those to browsers that accept them, without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'aec-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.(?:js|css|html|svg)$/.test(file.fileName)) continue;
        const body = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        if (body.length < 1024) continue;
        const path = join(options.dir ?? '', file.fileName);
        writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue(), precompress()],
  // vue-i18n's esm-bundler build: Composition API only, no legacy API, no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The board's first paint needs Vue, naive-ui and the stores; the other views and Chart.js
    // are separate chunks, loaded on first visit (AppShell's async views).
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': {
        target: adminUrl,
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReq', (req) => {
            if (adminToken) req.setHeader('Authorization', `Bearer ${adminToken}`);
            // The server checks Origin on state-changing requests; through the proxy the page's
            // origin is Vite's, so present the target's own origin instead.
            if (req.getHeader('origin')) req.setHeader('origin', new URL(adminUrl).origin);
          });
        },
      },
    },
  },
});
