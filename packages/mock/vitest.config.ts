import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The broad scenario, the fuzzing and the package checks run for seconds on a loaded CI
    // machine; none of them waits on wall time (the mock's clock is virtual).
    testTimeout: 30_000,
    // Launching Chromium for the console's browser tests can take seconds on a loaded machine.
    hookTimeout: 60_000,
  },
});
