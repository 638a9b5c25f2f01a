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
  // vue-i18n's esm-bundler build: Composition API only, no legacy API, no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // The board's first paint needs Vue, naive-ui and the stores; Chart.js waits for a chart.
        codeSplitting: { groups: [{ name: 'charts', test: /node_modules[\\/](chart\.js|vue-chartjs)/ }] },
      },
    },
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
