import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep } from './processes.js';
import { type PackageJson, publishablePackages, type WorkspacePackage } from './workspace.js';

/** One packed package: its tarball and its size. */
export interface Tarball {
  name: string;
  file: string;
  bytes: number;
}

/** A fresh npm project outside the workspace, holding the packed packages as a user installs them. */
export interface PackedProject {
  /** The project folder, under os.tmpdir(). */
  dir: string;
  tarballs: Tarball[];
  /** The published packages the tarballs were made from. */
  packages: WorkspacePackage[];
  /** What else was installed from the registry, name → exact version. */
  registryPins: Record<string, string>;
  /** A command installed in node_modules/.bin. */
  bin(name: string): string;
  /** The package.json of an installed package, as the tarball shipped it. */
  installedManifest(name: string): Promise<PackageJson>;
  /** Removes the project and its tarballs. */
  remove(): Promise<void>;
}

/** The tools a user's project would pin, taken from this package's own (exact) devDependencies. */
function toolPins(): Record<string, string> {
  const own = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as PackageJson;
  const pins: Record<string, string> = {};
  for (const name of ['typescript', 'vitest', '@types/node']) {
    const version = own.devDependencies?.[name];
    if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
      throw new Error(`tests/packed/package.json must pin ${name} exactly, not "${version}"`);
    }
    pins[name] = version;
  }
  return pins;
}

/**
 * The lowest msw the mock's peer range admits (`^2.2.3` → `2.2.3`). The project installs that
 * floor, while the workspace's own tests run the pinned devDependency at the top of the range, so
 * both ends of the declared range are exercised.
 */
export function mswFloor(packages: WorkspacePackage[]): string {
  const ranges = packages
    .map((pkg) => pkg.manifest.peerDependencies?.msw)
    .filter((range): range is string => typeof range === 'string');
  if (ranges.length === 0) throw new Error('no published package declares msw as a peer');
  const floors = ranges.map((range) => {
    const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    if (!match?.[1]) throw new Error(`the msw peer range "${range}" is not a caret range`);
    return match[1];
  });
  const [first] = floors;
  if (!first || floors.some((floor) => floor !== first)) {
    throw new Error(`the packages declare different msw ranges: ${ranges.join(', ')}`);
  }
  return first;
}

/** Generous bounds for a machine whose two cores the whole monorepo's tests share. */
const PACK_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 420_000;

/**
 * Packs every publishable package with `pnpm pack` (which rewrites `workspace:` ranges as a
 * publish does) and installs the tarballs with npm into a new project under os.tmpdir(), with
 * the tools a user's project would add from the registry: msw (the mock's peer), TypeScript and
 * vitest, pinned. One install serves every step of the test.
 */
export async function createPackedProject(): Promise<PackedProject> {
  const root = await mkdtemp(join(tmpdir(), 'segmind-packed-'));
  const tarballDir = join(root, 'tarballs');
  const dir = join(root, 'project');
  await mkdir(tarballDir);
  await mkdir(dir);

  const packages = publishablePackages();
  const tarballs: Tarball[] = [];
  for (const pkg of packages) {
    const { stdout } = await runStep(
      `pnpm pack ${pkg.manifest.name}`,
      'pnpm',
      ['pack', '--json', '--pack-destination', tarballDir],
      { cwd: pkg.dir, timeoutMs: PACK_TIMEOUT_MS },
    );
    const { filename } = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { filename: string };
    tarballs.push({ name: pkg.manifest.name, file: filename, bytes: (await stat(filename)).size });
  }

  const registryPins = { msw: mswFloor(packages), ...toolPins() };
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'segmind-packed-app', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  await runStep(
    'npm install of the tarballs',
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      // No install script of any dependency is needed to use them; none runs.
      '--ignore-scripts',
      ...tarballs.map((tarball) => tarball.file),
      ...Object.entries(registryPins).map(([name, version]) => `${name}@${version}`),
    ],
    { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS },
  );

  return {
    dir,
    tarballs,
    packages,
    registryPins,
    bin: (name) => join(dir, 'node_modules', '.bin', name),
    installedManifest: async (name) =>
      JSON.parse(
        await readFile(join(dir, 'node_modules', ...name.split('/'), 'package.json'), 'utf8'),
      ) as PackageJson,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
