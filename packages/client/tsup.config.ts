import { defineConfig } from 'tsup';

export default defineConfig({
  // `node` is the Node-only entry (file paths); the main entry uses web APIs only.
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // Node 18, current browsers, Deno and Bun all run ES2022; its native private fields and
  // static blocks keep the bundle small (ES2020 would lower each #field to a WeakMap).
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/],
  // Keep `node:fs/promises` as written: Deno and Bun resolve built-ins by that prefix.
  removeNodeProtocol: false,
});
