// Builds the dashboard into dist/renderer (served by the admin listener) and, in development,
// proxies /api to a running headless server, adding its admin token so the page need not know it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { DEFAULT_ADMIN_PORT } from '../server/contract/settings';

const here = fileURLToPath(new URL('.', import.meta.url));
const adminUrl = process.env.AEC_ADMIN_URL ?? `http://127.0.0.1:${DEFAULT_ADMIN_PORT}`;
const adminToken = process.env.AEC_ADMIN_TOKEN ?? '';

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
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
