import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The demo test runs the built program end to end, real clock included.
    testTimeout: 60_000,
  },
});
