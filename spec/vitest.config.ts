import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiling every schema of the spec with Ajv takes a fraction of a second here, but seconds
    // while the whole monorepo tests in parallel on two cores: vitest's 5 s default is too tight.
    testTimeout: 30_000,
  },
});
