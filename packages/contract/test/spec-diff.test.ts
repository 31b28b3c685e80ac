import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/spec-diff.mjs', import.meta.url));
const SPEC = fileURLToPath(new URL('../../../spec', import.meta.url));

let repo: string | undefined;
afterEach(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
  repo = undefined;
});

/** A scratch git repository holding a copy of the spec sources, committed once. */
function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  for (const part of ['openapi.yaml', 'redocly.yaml', 'models', 'components']) {
    cpSync(join(SPEC, part), join(dir, 'spec', part), { recursive: true });
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'spec');
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string) {
  const path = join(dir, 'spec', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function specDiff(cwd: string, ...args: string[]) {
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { cwd }, (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, stdout });
    });
  });
}

describe('spec:diff', () => {
  it('classifies a removed response as breaking and exits 1', async () => {
    repo = scratchRepo();
    // The result endpoint stops documenting its 202 pending answer.
    edit(repo, 'components/requests.yaml', (text) =>
      text.replace(/ {6}"202":\n(?: {8}.*\n|\n)+?(?= {6}"401")/, ''),
    );
    const { code, stdout } = await specDiff(repo, 'HEAD');
    expect(stdout).toMatch(/1 breaking/);
    expect(stdout).toMatch(
      /breaking \(1\)\n {2}remove {2}paths\/\/v2\/requests\/\{request_id\}\/get\/responses\/202/,
    );
    expect(code).toBe(1);
  });

  it('classifies a new optional input as non-breaking and exits 0', async () => {
    repo = scratchRepo();
    edit(repo, 'models/background-eraser.yaml', (text) =>
      text.replace(
        '    invert_mask:\n',
        '    feather:\n      type: integer\n      description: Feathers the edge.\n    invert_mask:\n',
      ),
    );
    const { code, stdout } = await specDiff(repo, 'HEAD', '--json');
    const report = JSON.parse(stdout) as {
      breaking: number;
      changes: { type: string; path: string }[];
    };
    expect(report.breaking).toBe(0);
    expect(report.changes.length).toBeGreaterThan(0);
    expect(report.changes.every((c) => c.type === 'non-breaking')).toBe(true);
    expect(report.changes[0]?.path).toMatch(/properties\/feather$/);
    expect(code).toBe(0);
  });

  it('has nothing to compare, and says so, when the ref does not exist', async () => {
    repo = scratchRepo();
    const { code, stdout } = await specDiff(repo, 'HEAD~1');
    expect(stdout).toMatch(/no commit "HEAD~1" here; nothing to compare/);
    expect(code).toBe(0);
  });
});
