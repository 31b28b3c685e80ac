import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file copies and installs the repository, then generates and builds it: one file at a
    // time, so that the two never compete for the two cores the rest of `pnpm test` shares.
    fileParallelism: false,
    // Bounds on whole processes, not speed checks: every step sets its own (support/timeouts.ts)
    // and the setup chains install, `pnpm gen` and the build of five packages.
    testTimeout: 1_500_000,
    hookTimeout: 3_600_000,
  },
});
