import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/api/**/*.test.ts', 'test/hardening/**/*.test.ts', 'test/electron/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // API tests start real listeners and child processes; two cores.
    maxWorkers: 2,
  },
});
