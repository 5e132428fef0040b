import { defineConfig } from 'vitest/config';

// Unit tests (engine, netfilter, world, shell, content replay) run in Node.
// Browser tests live in test/e2e and are driven by scripts/run-tests.mjs after a build.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'threads',
  },
});
