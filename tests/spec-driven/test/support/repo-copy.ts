// A copy of the repository in a temporary folder, installed and committed, for tests that edit
// the spec and watch what follows. The copy is its own git repository, so `git status` there
// names exactly what changed since it was made.
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommandOutput, copyEnv, type RunOptions, runCommand, runStep } from './processes.js';

/** Another checkout to copy instead of this one (to run the test against an older commit). */
export const REPO_ENV = 'SPEC_DRIVEN_REPO';
/** Set to `1` to keep the copies for a look after the test. */
export const KEEP_ENV = 'KEEP_SPEC_DRIVEN_COPY';

/** Bounds on a whole process, not speed checks (see the vitest config for the figures). */
const GIT_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 600_000;

/** The root of the checkout to copy: `SPEC_DRIVEN_REPO`, or the one this file is in. */
export function sourceRepository(): string {
  const chosen = process.env[REPO_ENV];
  if (chosen) {
    const root = resolve(chosen);
    if (!existsSync(join(root, 'pnpm-workspace.yaml'))) {
      throw new Error(`${REPO_ENV}=${chosen} is not a workspace root (no pnpm-workspace.yaml)`);
    }
    return root;
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above this test');
    dir = parent;
  }
  return dir;
}

/** One status line of `git status --porcelain`: its two-letter code and its path. */
export interface StatusEntry {
  code: string;
  path: string;
}

/** The copy, installed, with helpers to run commands in it. */
export interface RepoCopy {
  /** The copy's root folder. */
  dir: string;
  /** The checkout it was copied from. */
  source: string;
  /** Runs a command in the copy (or in `cwd`, relative to it); never rejects on a failure. */
  run(
    command: string,
    args: readonly string[],
    options: { cwd?: string; timeoutMs: number; env?: Record<string, string> },
  ): Promise<CommandOutput>;
  /** What changed since the copy was made, untracked files included, ignored ones not. */
  status(): Promise<StatusEntry[]>;
  /** Deletes the copy, unless `KEEP_SPEC_DRIVEN_COPY=1`. */
  remove(): Promise<void>;
}

/** The files of the checkout that git knows or would add: tracked, and untracked but not ignored. */
async function filesOf(source: string): Promise<string[]> {
  const { stdout } = await runStep(
    'list the files of the checkout',
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: source, timeoutMs: GIT_TIMEOUT_MS },
  );
  const files = new Set(stdout.split('\0').filter((file) => file !== ''));
  // Never an install or a build output, even if a checkout tracks one by mistake.
  return [...files].filter((file) => !/(^|\/)(node_modules|dist)\//.test(file));
}

async function copyFiles(source: string, target: string, files: readonly string[]) {
  for (const file of files) {
    const from = join(source, file);
    const stats = await lstat(from).catch(() => undefined);
    if (!stats) continue; // deleted in the checkout but not yet in git
    const to = join(target, file);
    await mkdir(dirname(to), { recursive: true });
    if (stats.isSymbolicLink()) await symlink(await readlink(from), to);
    else if (stats.isFile()) await copyFile(from, to);
  }
}

/**
 * Copies the checkout (the files `git ls-files --cached --others --exclude-standard` lists,
 * never node_modules or dist) to a new folder under the system's temporary folder, commits it
 * there as a new repository, and installs it from the lockfile (offline first: pnpm's store
 * already holds every package after the checkout's own install).
 */
export async function copyRepository(label: string): Promise<RepoCopy> {
  const source = sourceRepository();
  const dir = await mkdtemp(join(tmpdir(), `segmind-ts-${label}-`));
  const run: RepoCopy['run'] = (command, args, options) => {
    const runOptions: RunOptions = {
      cwd: join(dir, options.cwd ?? '.'),
      timeoutMs: options.timeoutMs,
      env: copyEnv(options.env),
    };
    return runCommand(command, args, runOptions);
  };
  const copy: RepoCopy = {
    dir,
    source,
    run,
    async status() {
      const { stdout } = await runStep(
        'git status in the copy',
        'git',
        ['status', '--porcelain=v1', '-z', '--untracked-files=all'],
        { cwd: dir, timeoutMs: GIT_TIMEOUT_MS },
      );
      const entries: StatusEntry[] = [];
      const fields = stdout.split('\0');
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i] ?? '';
        if (field === '') continue;
        const code = field.slice(0, 2);
        entries.push({ code, path: field.slice(3) });
        // A rename or copy is followed by its former path, which changed as well.
        if (/[RC]/.test(code)) entries.push({ code, path: fields[++i] ?? '' });
      }
      return entries;
    },
    async remove() {
      if (process.env[KEEP_ENV] === '1') {
        console.info(`${KEEP_ENV}=1: the copy stays at ${dir}`);
        return;
      }
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  try {
    await copyFiles(source, dir, await filesOf(source));
    const git = (args: string[]) =>
      runStep(`git ${args[0]} in the copy`, 'git', args, { cwd: dir, timeoutMs: GIT_TIMEOUT_MS });
    await git(['init', '--quiet', '--initial-branch=copy']);
    await git(['add', '--all']);
    await git([
      '-c',
      'user.name=spec-driven test',
      '-c',
      'user.email=spec-driven@localhost',
      '-c',
      'commit.gpgsign=false',
      'commit',
      '--quiet',
      '--no-verify',
      '--message',
      'The checkout as copied',
    ]);
    const offline = await run('pnpm', ['install', '--frozen-lockfile', '--offline'], {
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
    if (offline.code !== 0) {
      await runStep('pnpm install in the copy', 'pnpm', ['install', '--frozen-lockfile'], {
        cwd: dir,
        timeoutMs: INSTALL_TIMEOUT_MS,
      });
    }
    return copy;
  } catch (error) {
    await copy.remove();
    throw error;
  }
}
