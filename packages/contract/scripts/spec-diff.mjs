#!/usr/bin/env node
// `pnpm spec:diff <git-ref>`: what changed in the bundled OpenAPI spec between <git-ref> and the
// working tree, each change classified breaking or not by api-smart-diff, so that a changeset
// can carry the right semver bump (a breaking change is a major bump of @segmind-ts/spec and of
// every package generated from it).
//
// Both sides are bundled the same way, with `redocly bundle`: the spec sources at <git-ref> are
// extracted with `git archive` into a temporary folder, so the working tree is never touched.
//
// Exit code: 0 no breaking change (or nothing to compare: no such ref, no spec there),
// 1 breaking changes, 2 the comparison itself failed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { apiCompare } from 'api-smart-diff';

const require = createRequire(import.meta.url);
const HELP = `Usage: pnpm spec:diff <git-ref> [--json]

Compares the bundled spec at <git-ref> (e.g. HEAD~1, main, v1.2.0) with the working tree and
lists every change, classified breaking, non-breaking, deprecated, annotation or unclassified.
Exit code 0 when nothing breaks, 1 when something does, 2 when the comparison fails.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const asJson = args.includes('--json');
const ref = args.find((a) => !a.startsWith('--'));
if (!ref) {
  console.error(HELP);
  process.exit(2);
}

const git = (...gitArgs) =>
  execFileSync('git', gitArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function redocly() {
  const pkg = require.resolve('@redocly/cli/package.json');
  const { bin } = JSON.parse(readFileSync(pkg, 'utf8'));
  return join(dirname(pkg), typeof bin === 'string' ? bin : bin.redocly);
}

/** Bundles `<specDir>/openapi.yaml` into one JSON document, as the spec package's build does. */
function bundle(specDir, output) {
  const config = join(specDir, 'redocly.yaml');
  execFileSync(
    process.execPath,
    [
      redocly(),
      'bundle',
      join(specDir, 'openapi.yaml'),
      '--output',
      output,
      ...(existsSync(config) ? ['--config', config] : []),
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  return JSON.parse(readFileSync(output, 'utf8'));
}

const ORDER = ['breaking', 'non-breaking', 'deprecated', 'annotation', 'unclassified'];

function main() {
  const root = git('rev-parse', '--show-toplevel');
  let commit;
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    console.log(`spec:diff: no commit "${ref}" here; nothing to compare.`);
    return 0;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'segmind-spec-diff-'));
  try {
    try {
      git('-C', root, 'cat-file', '-e', `${commit}:spec/openapi.yaml`);
    } catch {
      console.log(`spec:diff: ${ref} has no spec/openapi.yaml; nothing to compare.`);
      return 0;
    }
    // `git archive | tar -x`: the spec sources as they were at <ref>, away from the work tree.
    const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', commit, 'spec'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', tmp], { input: archive });
    const before = bundle(join(tmp, 'spec'), join(tmp, 'before.json'));
    const after = bundle(join(root, 'spec'), join(tmp, 'after.json'));

    const { diffs } = apiCompare(before, after);
    // Changes under components are reported again, resolved, where an operation uses them;
    // the operation-level entry is the one that tells a consumer what breaks. Keep the
    // components only where no operation can show them (security schemes).
    const changes = diffs
      .filter((d) => d.path[0] !== 'components' || d.path[1] === 'securitySchemes')
      .map((d) => ({
        type: d.type,
        action: d.action,
        path: d.path.join('/'),
        description: d.description ?? '',
      }));
    const breaking = changes.filter((c) => c.type === 'breaking').length;

    if (asJson) {
      console.log(JSON.stringify({ ref, commit, breaking, changes }, null, 2));
    } else {
      console.log(
        `spec:diff ${ref} (${commit.slice(0, 7)}) → working tree: ${changes.length} change(s), ${breaking} breaking`,
      );
      for (const type of ORDER) {
        const group = changes.filter((c) => c.type === type);
        if (group.length === 0) continue;
        console.log(`\n${type} (${group.length})`);
        for (const change of group) {
          console.log(`  ${change.action.padEnd(7)} ${change.path}`);
          if (change.description) console.log(`          ${change.description}`);
        }
      }
      if (breaking > 0) {
        console.log(
          '\nBreaking changes: the changeset must be a major bump of @segmind-ts/spec and of the packages generated from it.',
        );
      }
    }
    return breaking > 0 ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`spec:diff failed: ${error instanceof Error ? error.message : error}`);
  if (error?.stderr) console.error(String(error.stderr));
  process.exitCode = 2;
}
