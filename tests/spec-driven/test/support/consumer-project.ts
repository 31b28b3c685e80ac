// A consumer's project inside the copy, under its ignored test-results/ folder (so that it never
// shows in `git status`): an ES module package whose node_modules links the copy's own packages,
// resolved through their `exports` as a registry user's would be, and a strict NodeNext tsconfig.
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RepoCopy } from './repo-copy.js';

/** The packages of the copy a consumer project may import, by name and folder. */
const LINKED_PACKAGES = {
  '@segmind-ts/client': 'packages/client',
  '@segmind-ts/mock': 'packages/mock',
  '@segmind-ts/contract': 'packages/contract',
  '@segmind-ts/spec': 'spec',
} as const;

/** A consumer project: its folder, and how to type-check it and run a script of it. */
export interface ConsumerProject {
  dir: string;
  /** Writes a file of the project (a path relative to its folder). */
  write(file: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Creates `<copy>/test-results/<name>/` with a package.json (`"type": "module"`), a tsconfig that
 * extends the copy's tsconfig.base.json (strict, NodeNext) and includes `include`, and
 * node_modules links to the copy's packages (and to @types/node from the copy's docs app).
 */
export async function createConsumerProject(
  copy: RepoCopy,
  name: string,
  include: readonly string[],
): Promise<ConsumerProject> {
  const dir = join(copy.dir, 'test-results', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'node_modules', '@segmind-ts'), { recursive: true });
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true });
  for (const [packageName, folder] of Object.entries(LINKED_PACKAGES)) {
    await symlink(join(copy.dir, folder), join(dir, 'node_modules', packageName), 'dir');
  }
  await symlink(
    join(copy.dir, 'apps', 'docs', 'node_modules', '@types', 'node'),
    join(dir, 'node_modules', '@types', 'node'),
    'dir',
  );
  const project: ConsumerProject = {
    dir,
    async write(file, text) {
      const path = join(dir, file);
      await writeFile(path, text);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await project.write('package.json', '{ "private": true, "type": "module" }\n');
  await project.write(
    'tsconfig.json',
    `${JSON.stringify(
      {
        extends: relative(dir, join(copy.dir, 'tsconfig.base.json')),
        compilerOptions: { noEmit: true, types: ['node'] },
        include,
      },
      null,
      2,
    )}\n`,
  );
  return project;
}

/** One diagnostic of `tsc --pretty false`: its file, line and text. */
export interface Diagnostic {
  file: string;
  line: number;
  text: string;
}

/** Parses `file(line,column): error TSxxxx: text` lines; other lines continue the previous one. */
export function diagnosticsOf(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): (error TS\d+: .*)$/.exec(line);
    if (match) found.push({ file: match[1] ?? '', line: Number(match[2]), text: match[3] ?? '' });
    else if (line.trim() !== '' && found.length > 0) {
      const last = found[found.length - 1];
      if (last) last.text += `\n${line}`;
    }
  }
  return found;
}
