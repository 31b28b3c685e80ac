import { defineConfig } from 'tsup';

export default defineConfig({
  // The main entry runs anywhere the client runs; `ajv` needs the optional Ajv peers; `tooling`
  // is for Node (files).
  entry: ['src/index.ts', 'src/ajv/index.ts', 'src/tooling/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  // dist/ also holds openapi.json, written by `redocly bundle`: never wipe it.
  clean: false,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/, 'ajv', 'ajv-formats', /^ajv\//],
  removeNodeProtocol: false,
});
