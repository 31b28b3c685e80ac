// The last step of every generator of this package: write the generated file, or, with
// `--check` (CI's `check:gen`), fail when the committed file differs from what the spec gives.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Writes `generated` to `target`, or with `--check` on the command line exits 1 when the
 * committed `target` is not exactly `generated`.
 */
export function writeOrCheck(target, generated) {
  const name = basename(target);
  if (!process.argv.includes('--check')) {
    writeFileSync(target, generated);
    console.log(`wrote ${target}`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== generated) {
    console.error(
      `packages/client/src/generated/${name} is out of date with spec/dist/openapi.json.\n` +
        'Run `pnpm gen` from the repository root and commit the result.',
    );
    process.exit(1);
  }
  console.log(`${name} matches the spec.`);
}
