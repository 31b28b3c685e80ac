import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // fixtures/ holds the packed project's own app and test, run there, not here.
    include: ['test/**/*.test.ts'],
    // Each step runs whole processes (npm, tsc, node, vitest) on a machine whose two cores the
    // monorepo's other suites share; the steps set their own generous timeouts as well.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
