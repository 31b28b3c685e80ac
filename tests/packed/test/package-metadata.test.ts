/**
 * What a registry page shows and what `npm install` reads, for every package the workspace
 * publishes (every package not marked private, found from pnpm-workspace.yaml): a README written
 * for a user of the registry, the repository, homepage, bug tracker, keywords, license and
 * engines, dependencies the registry can serve, peer ranges rather than pins, bins that exist
 * before any build, and exports that point at shipped files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishablePackages, workspacePackages } from './support/workspace.js';

const REPOSITORY = 'https://github.com/segmind-ts/segmind-ts';
const EXACT = /^\d+\.\d+\.\d+$/;

const published = publishablePackages();
const byName = new Map(workspacePackages().map((pkg) => [pkg.manifest.name, pkg]));

/** `[major, minor, patch]` of an exact version. */
const parts = (version: string) => version.split('.').map(Number) as [number, number, number];

/** Whether an exact version lies in a caret range (`^2.2.3`: from 2.2.3, below 3). */
function inCaretRange(version: string, range: string): boolean {
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (!floor) return false;
  const [major, minor, patch] = parts(version);
  const [fMajor, fMinor, fPatch] = parts(floor);
  if (major !== fMajor) return false;
  return minor > fMinor || (minor === fMinor && patch >= fPatch);
}

/** Every file path an `exports` map points at. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

it('the workspace publishes the spec, the client, the mock and the contract kit', () => {
  expect(published.map((pkg) => pkg.manifest.name).sort()).toEqual([
    '@segmind-ts/client',
    '@segmind-ts/contract',
    '@segmind-ts/mock',
    '@segmind-ts/spec',
  ]);
});

describe.each(published.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
  const { manifest } = pkg;

  it('has a README for its registry page: what it is, how to install it, no pointer elsewhere', () => {
    const file = join(pkg.dir, 'README.md');
    expect(existsSync(file), `${pkg.path}/README.md is missing`).toBe(true);
    const readme = readFileSync(file, 'utf8');
    expect(readme.startsWith(`# ${name}\n`)).toBe(true);
    expect(readme.length).toBeGreaterThan(1500);
    expect(readme).toMatch(new RegExp(`npm install (--save-dev )?(\\S+ )*${name}\\b`));
    expect(readme).not.toMatch(/the repository's README/i);
  });

  it('names its repository (with its folder), homepage, bug tracker, keywords, license and engines', () => {
    expect(manifest.repository).toEqual({
      type: 'git',
      url: `git+${REPOSITORY}.git`,
      directory: pkg.path,
    });
    expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/${pkg.path}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` });
    expect(manifest.keywords?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(manifest.keywords).toContain('segmind');
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toMatch(/^>=\d+/);
    expect(manifest.description?.length ?? 0).toBeGreaterThan(40);
  });

  it('depends at run time only on packages the registry serves', () => {
    for (const [dependency, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
    })) {
      if (!range.startsWith('workspace:')) continue;
      const target = byName.get(dependency);
      expect(target, `${dependency} is not in the workspace`).toBeDefined();
      expect(target?.manifest.private, `${name} needs ${dependency}, which is private`).not.toBe(
        true,
      );
      expect(existsSync(join(target?.dir ?? '', 'README.md')), `${dependency} has no README`).toBe(
        true,
      );
    }
  });

  it('declares peer dependencies as ranges, and tests them with an exactly pinned devDependency', () => {
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      expect(range, `${name} pins its peer ${peer}`).not.toMatch(EXACT);
      const pinned = manifest.devDependencies?.[peer];
      expect(pinned, `${name} tests ${peer} with no devDependency`).toMatch(EXACT);
      expect(inCaretRange(pinned ?? '', range), `${peer} ${pinned} is outside ${range}`).toBe(true);
    }
  });

  it('links every bin to a committed file, present before any build', () => {
    const bins =
      typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
    for (const bin of bins) {
      // pnpm links bins at install time, before the build; a bin in dist/ is not there yet.
      expect(bin, `${name}'s bin is a build output`).not.toMatch(/^(\.\/)?dist\//);
      expect(existsSync(join(pkg.dir, bin)), `${bin} is missing`).toBe(true);
      expect(manifest.files?.some((entry) => bin.replace(/^\.\//, '').startsWith(entry))).toBe(
        true,
      );
    }
  });

  it('exports only files that it ships', () => {
    const targets = exportTargets(manifest.exports);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      const path = target.replace(/^\.\//, '');
      const shipped = path === 'package.json' || manifest.files?.some((e) => path.startsWith(e));
      expect(shipped, `${name} exports ${target} but its "files" leave it out`).toBe(true);
    }
  });
});

describe('@segmind-ts/spec', () => {
  it('publishes the bundled document that the other packages read', () => {
    const spec = byName.get('@segmind-ts/spec');
    expect(spec?.manifest.exports?.['./openapi.json']).toBe('./dist/openapi.json');
    const contract = byName.get('@segmind-ts/contract');
    expect(contract?.manifest.dependencies?.['@segmind-ts/spec']).toMatch(/^workspace:/);
  });
});
