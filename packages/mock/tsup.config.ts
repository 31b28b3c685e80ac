import { defineConfig } from 'tsup';

export default defineConfig({
  // `core` is the simulator alone (no msw import, no Node built-in: it runs in a browser);
  // `index` adds the MSW handlers. The server entry is built from its own folder; `server`,
  // `record` (the recording proxy and calibration) and `cli` (the `segmind-mock` bin) are
  // Node-only and import Node built-ins, kept external.
  entry: {
    index: 'src/index.ts',
    core: 'src/core.ts',
    server: 'src/server/index.ts',
    record: 'src/record/index.ts',
    cli: 'src/cli/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // msw stays a peer and Node built-ins stay external (server and cli only), as does ioredis, an
  // optional dependency the Redis store imports on first use. The spec JSON and the one runtime
  // piece of the generated validators (ajv-formats' `uri` check) are inlined: no runtime
  // dependency, and the core does no I/O.
  external: ['msw', /^node:/, 'ioredis'],
  // The server finds the console's files beside it through `import.meta.url`, which CommonJS
  // lacks: the shim gives it one there.
  shims: true,
  noExternal: ['ajv-formats', '@segmind-ts/spec'],
});
