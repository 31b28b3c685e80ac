// The spec package's own test suite, run in a copy, with each failure's diff.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommandOutput, describeOutput } from './processes.js';
import type { RepoCopy } from './repo-copy.js';

const REPORTER = fileURLToPath(
  new URL('../../fixtures/vitest/failures-reporter.mjs', import.meta.url),
);

/** A failed test of the suite: its full name, and its errors' messages and diffs. */
export interface FailedTest {
  name: string;
  errors: { message: string; diff?: string }[];
}

/** The outcome of the spec's suite in a copy. */
export interface SuiteOutcome {
  passed: number;
  failed: FailedTest[];
  /** Errors outside any test (a file that does not load, ...). */
  unhandled: string[];
  run: CommandOutput;
}

/** Runs the spec package's vitest suite in the copy through the failures reporter. */
export async function runSpecSuite(copy: RepoCopy, timeoutMs: number): Promise<SuiteOutcome> {
  const report = join(copy.dir, 'test-results', 'spec-suite.json');
  await mkdir(dirname(report), { recursive: true });
  const run = await copy.run('pnpm', ['exec', 'vitest', 'run', `--reporter=${REPORTER}`], {
    cwd: 'spec',
    timeoutMs,
    env: { SPEC_DRIVEN_REPORT: report },
  });
  const text = await readFile(report, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new Error(`the spec suite wrote no report\n${describeOutput(run)}`);
  }
  return { ...(JSON.parse(text) as Omit<SuiteOutcome, 'run'>), run };
}
