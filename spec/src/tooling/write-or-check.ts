// The last step of every generator of the repository: write the generated file, or, with
// `--check` (CI's `check:gen`), fail when the committed file differs from what the spec gives.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** What `writeOrCheck` did: wrote the file, found it current, or found it out of date. */
export type WriteOrCheckOutcome = 'written' | 'current' | 'stale';

/**
 * Writes `generated` to `target`; or, when `check` is set (by default: `--check` is on the
 * command line), writes nothing and sets a failing exit code when the committed `target` is
 * not exactly `generated`, with a message that says how to fix it.
 */
export function writeOrCheck(
  target: string,
  generated: string,
  check: boolean = process.argv.includes('--check'),
): WriteOrCheckOutcome {
  const shown = relative(process.cwd(), target) || target;
  if (!check) {
    writeFileSync(target, generated);
    console.log(`wrote ${shown}`);
    return 'written';
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== generated) {
    console.error(
      `${shown} is out of date with the spec.\n` +
        'Run `pnpm gen` from the repository root and commit the result.',
    );
    process.exitCode = 1;
    return 'stale';
  }
  console.log(`${shown} matches the spec.`);
  return 'current';
}
