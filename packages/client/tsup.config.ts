import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // Node 18, current browsers, Deno and Bun all run ES2020.
  target: 'es2020',
  platform: 'neutral',
});
