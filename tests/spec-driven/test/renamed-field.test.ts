/**
 * A renamed response field in the spec breaks `tsc` in every package that reads it. In a copy
 * of the repository, built first, each package's `typecheck` passes; then `status_url` of the
 * v2 submit answer (SubmitResponse) becomes `status_uri` in spec/components/async.yaml, the
 * spec's generation runs and the spec is built again (the rest of `pnpm gen` builds the client,
 * which the rename breaks by design), and the client's, the mock's and the contract kit's
 * `typecheck` must each fail with an error that names the field: each builds or reads the submit
 * answer through the spec's generated types, not an untyped copy of its shape.
 *
 * `SPEC_DRIVEN_REPO=<checkout>` runs it against another checkout; `KEEP_SPEC_DRIVEN_COPY=1`
 * keeps the copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticsOf } from './support/consumer-project.js';
import { type CommandOutput, describeOutput } from './support/processes.js';
import { RENAMED, renameSubmitField } from './support/renamed-field.js';
import { copyRepository, type RepoCopy } from './support/repo-copy.js';
import { BUILD_TIMEOUT_MS, GEN_TIMEOUT_MS, STEP_TIMEOUT_MS } from './support/timeouts.js';

const PACKAGES = ['@segmind-ts/client', '@segmind-ts/mock', '@segmind-ts/contract'] as const;
type PackageName = (typeof PACKAGES)[number];

let copy: RepoCopy;
let build: CommandOutput;
let gen: CommandOutput;
let specBuild: CommandOutput;
const before = new Map<PackageName, CommandOutput>();
const after = new Map<PackageName, CommandOutput>();

const typecheck = (name: PackageName) =>
  copy.run('pnpm', ['--filter', name, 'run', 'typecheck'], { timeoutMs: STEP_TIMEOUT_MS });

beforeAll(async () => {
  const started = performance.now();
  copy = await copyRepository('renamed-field');
  const copied = performance.now();
  // The three packages and what their tests import (each other's builds), as the checkout has them.
  build = await copy.run(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@segmind-ts/contract...',
      '--filter=@segmind-ts/client...',
      '--output-logs=errors-only',
    ],
    { timeoutMs: BUILD_TIMEOUT_MS },
  );
  for (const name of PACKAGES) before.set(name, await typecheck(name));
  await renameSubmitField(copy.dir);
  gen = await copy.run('pnpm', ['--filter', '@segmind-ts/spec', 'run', 'gen'], {
    timeoutMs: GEN_TIMEOUT_MS,
  });
  specBuild = await copy.run(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@segmind-ts/spec', '--output-logs=errors-only'],
    { timeoutMs: BUILD_TIMEOUT_MS },
  );
  for (const name of PACKAGES) after.set(name, await typecheck(name));
  const seconds = (output?: CommandOutput) => ((output?.durationMs ?? 0) / 1000).toFixed(1);
  console.info(
    `renamed-field copy of ${copy.source} at ${copy.dir}: copied and installed in ${((copied - started) / 1000).toFixed(1)} s, ` +
      `build ${seconds(build)} s, typecheck before ${PACKAGES.map((name) => seconds(before.get(name))).join(' + ')} s, ` +
      `spec gen ${seconds(gen)} s, spec build ${seconds(specBuild)} s, typecheck after ${PACKAGES.map((name) => seconds(after.get(name))).join(' + ')} s; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s in all`,
  );
});

afterAll(async () => {
  await copy?.remove();
});

describe(`${RENAMED.from} renamed to ${RENAMED.to} in the spec's SubmitResponse`, () => {
  it('is generated and built', () => {
    expect(build.code, `the build before the rename failed\n${describeOutput(build)}`).toBe(0);
    expect(gen.code, `the spec's generation failed after the rename\n${describeOutput(gen)}`).toBe(
      0,
    );
    expect(specBuild.code, `the spec's build failed\n${describeOutput(specBuild)}`).toBe(0);
  });

  it.each(PACKAGES)('breaks tsc in %s, naming the field', (name) => {
    const baseline = before.get(name);
    const renamed = after.get(name);
    if (!baseline || !renamed) throw new Error(`${name} was not type-checked`);
    expect(
      baseline.code,
      `${name} did not type-check before the rename\n${describeOutput(baseline)}`,
    ).toBe(0);
    const naming = diagnosticsOf(`${renamed.stdout}\n${renamed.stderr}`).filter(
      (d) => d.text.includes(RENAMED.from) || d.text.includes(RENAMED.to),
    );
    expect(
      renamed.code,
      `${name} still type-checks with ${RENAMED.from} renamed in the spec: it does not read the submit answer through the spec's generated types`,
    ).not.toBe(0);
    expect(
      naming.length,
      `${name} fails to type-check, but no error names ${RENAMED.from} or ${RENAMED.to}\n${describeOutput(renamed)}`,
    ).toBeGreaterThan(0);
    console.info(
      `${name}: ${naming.length} errors name the field, e.g. ${naming[0]?.file}:${naming[0]?.line} ${naming[0]?.text.split('\n')[0]}`,
    );
  });
});
