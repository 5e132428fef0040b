import { defineConfig } from 'vitest/config';

// Browser tests against the built site (dist/). `npm test` builds first; to run these
// alone: `npm run build && npx vitest run -c vitest.e2e.config.ts`.
// test/e2e/global-setup.ts serves dist/ with `astro preview` once for every file.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file drives its own Chromium; a few at once keeps the machine responsive.
    maxWorkers: 3,
  },
});
