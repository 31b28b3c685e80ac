import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // examples/*.test.ts are guide samples that are tests themselves.
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
