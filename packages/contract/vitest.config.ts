import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Prism-judged runs start a Prism process (about 1 s idle, but minutes have been seen
    // while the whole monorepo tests in parallel on two cores) and drive the whole suite.
    testTimeout: 180_000,
    // One file at a time: three of them start Prism, and the monorepo's other suites share the
    // same two cores under turbo.
    fileParallelism: false,
    hookTimeout: 180_000,
  },
});
