/**
 * Every TypeScript excerpt the docs display compiles as displayed, on its own. The example files
 * compile (the package's typecheck), but a reader copies the excerpt, not the file: a region cut
 * out of a function body can lose a declaration or keep a `return`. So this test takes exactly
 * what the built site shows, each code block of each guide page and each TypeScript
 * `x-codeSamples` entry of the reference, writes each to its own file, and type-checks them as a
 * reader's project would: strict, `module`/`moduleResolution` NodeNext, an ES module package,
 * against the types of the workspace packages.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS } from '@segmind-ts/spec';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations } from '../scripts/lib/spec.mjs';
import { assertBuilt, distDir, resultsDir } from './helpers/dist.js';
import { guideBlocks } from './helpers/guide-blocks.js';

interface Excerpt {
  /** Where a reader sees it. */
  where: string;
  code: string;
}

const TYPESCRIPT_LANGS = new Set(['ts', 'typescript', 'tsx', 'mts']);

/** Each TypeScript code block of each built guide page, in page order. */
function guideExcerpts(): Excerpt[] {
  return guideBlocks(TYPESCRIPT_LANGS);
}

/** The TypeScript sample of each operation of the built reference. */
function referenceExcerpts(): Excerpt[] {
  const spec = JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8'));
  return listOperations(spec).flatMap((operation) => {
    const samples: { lang: string; source: string }[] =
      spec.paths[operation.path][operation.method]['x-codeSamples'] ?? [];
    return samples
      .filter((sample) => TYPESCRIPT_LANGS.has(sample.lang))
      .map((sample) => ({
        where: `the reference, ${operation.operationId}`,
        code: sample.source,
      }));
  });
}

/** A reader's project: strict, NodeNext, Node's types; the excerpts are what is checked. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
};

/** The diagnostics of each excerpt, compiled as its own module. */
function typeCheck(dir: string, excerpts: Excerpt[]): Map<Excerpt, string> {
  // Inside the docs package, so that imports resolve to the workspace packages it depends on.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const files = excerpts.map((excerpt, index) => {
    const file = join(dir, `excerpt-${index + 1}.ts`);
    writeFileSync(file, `${excerpt.code}\n`);
    return file;
  });
  const program = ts.createProgram(files, COMPILER_OPTIONS);
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  };
  const problems = new Map<Excerpt, string>();
  files.forEach((file, index) => {
    const source = program.getSourceFile(file);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    const excerpt = excerpts[index];
    if (diagnostics.length > 0 && excerpt) {
      problems.set(excerpt, ts.formatDiagnostics(diagnostics, host));
    }
  });
  return problems;
}

/** The excerpt with line numbers, as the failure shows it. */
function numbered(code: string): string {
  return code
    .split('\n')
    .map((line, index) => `${String(index + 1).padStart(3)} | ${line}`)
    .join('\n');
}

describe('the TypeScript excerpts the docs display', () => {
  let dir: string;
  let excerpts: Excerpt[];
  let problems: Map<Excerpt, string>;

  beforeAll(() => {
    assertBuilt();
    mkdirSync(resultsDir, { recursive: true });
    dir = mkdtempSync(join(resultsDir, 'displayed-samples-'));
    excerpts = [...guideExcerpts(), ...referenceExcerpts()];
    problems = typeCheck(dir, excerpts);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('are found on the guide pages and on every operation of the reference', () => {
    const where = excerpts.map((excerpt) => excerpt.where);
    for (const guide of ['quickstart', 'lifecycle', 'errors', 'mock', 'contract-testing']) {
      expect(
        where.some((w) => w.startsWith(`guides/${guide}.html`)),
        guide,
      ).toBe(true);
    }
    // The four request endpoints, and a v1 and a v2 operation per model of the registry.
    expect(where.filter((w) => w.startsWith('the reference'))).toHaveLength(
      4 + 2 * Object.keys(MODELS).length,
    );
  });

  it('each compile on their own: strict, NodeNext, as a reader copies them', () => {
    const report = [...problems].map(
      ([excerpt, diagnostics]) =>
        `${excerpt.where} does not compile as displayed:\n${diagnostics}\n${numbered(excerpt.code)}`,
    );
    expect(report.join('\n\n'), `${report.length} of ${excerpts.length} excerpts`).toBe('');
  });
});
