import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder. */
export const packageDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The static build under test. */
export const distDir = join(packageDir, 'dist');

/** Where the browser tests leave their screenshots. */
export const resultsDir = join(packageDir, 'test-results');

/** Fails with the fix rather than a missing-file error when the docs were not built first. */
export function assertBuilt(): void {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error('apps/docs/dist is missing: run `pnpm --filter @segmind-ts/docs build` first');
  }
}
