#!/usr/bin/env node
// The `segmind-mock` command. It runs the built CLI in dist/, so the package must be built
// (`pnpm build` in this repository; a published package ships dist/).
import { createRequire } from 'node:module';

const { version } = createRequire(import.meta.url)('../package.json');
const cliUrl = new URL('../dist/cli.js', import.meta.url);

let cli;
try {
  cli = await import(cliUrl.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(cliUrl.pathname)) {
    process.stderr.write('segmind-mock: the package is not built yet; run `pnpm build` first.\n');
    process.exit(1);
  }
  throw error;
}
await cli.main(process.argv.slice(2), process.env, version);
