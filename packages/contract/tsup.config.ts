import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  // The kit runs on Node (it starts no server itself, but the CLI reads files and argv).
  target: 'node20',
  platform: 'node',
});
