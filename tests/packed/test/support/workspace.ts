import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A package.json, as far as these tests read it. */
export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string } | string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  license?: string;
  engines?: Record<string, string>;
  files?: string[];
  bin?: Record<string, string> | string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

/** A workspace package: its folder (absolute, and relative to the root) and its manifest. */
export interface WorkspacePackage {
  dir: string;
  path: string;
  manifest: PackageJson;
}

/**
 * Every package of the workspace, found from the globs of pnpm-workspace.yaml (`dir` or `dir/*`),
 * so that a package added later is covered without editing these tests.
 */
export function workspacePackages(): WorkspacePackage[] {
  const yaml = readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\s#]+)['"]?\s*$/gm)].map((m) => m[1] ?? '');
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [join(workspaceRoot, glob)];
    const parent = join(workspaceRoot, glob.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      path: relative(workspaceRoot, dir),
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson,
    }));
}

/** The packages that are published to the registry: every workspace package not `private`. */
export function publishablePackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}
