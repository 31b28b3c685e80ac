#!/usr/bin/env node
// The `segmind-contract` command. It runs the built CLI in dist/, so the package must be built
// (`pnpm build` in this repository; a published package ships dist/). Being a committed file, it
// exists when pnpm links the bin at install time, before anything is built.
const cliUrl = new URL('../dist/cli.js', import.meta.url);

try {
  // The CLI runs on import and sets process.exitCode.
  await import(cliUrl.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(cliUrl.pathname)) {
    process.stderr.write(
      'segmind-contract: the package is not built yet; run `pnpm build` first.\n',
    );
    process.exit(1);
  }
  throw error;
}
