// One shape per name: a name exported by several entry points (`@segmind-ts/mock`, `/core`,
// `/server`, `/record`) is the very same declaration in each, so that an import means the same
// thing whichever entry it comes from; the main entry adds the MSW handlers without touching the
// simulator the core builds.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../tsup.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, string | { import: { default: string } }>;
};
const entrySources = (tsupConfig as { entry: Record<string, string> }).entry;

/** Each public entry point (`.`, `./core`, …) and the source file tsup builds it from. */
function publicEntries(): [string, string][] {
  const entries: [string, string][] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue; // package.json, the control API's YAML
    const built = /^\.\/dist\/(.+)\.js$/.exec(target.import.default)?.[1] as string;
    entries.push([subpath, `${root}${entrySources[built]}`]);
  }
  return entries;
}

/** Every name an entry exports, mapped to the declaration it stands for (aliases followed). */
function exportedDeclarations(): Map<string, Map<string, ts.Declaration | undefined>> {
  const entries = publicEntries();
  const program = ts.createProgram(
    entries.map(([, file]) => file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
  );
  const checker = program.getTypeChecker();
  const byEntry = new Map<string, Map<string, ts.Declaration | undefined>>();
  for (const [subpath, file] of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`no module symbol for ${file}`);
    const names = new Map<string, ts.Declaration | undefined>();
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      names.set(exported.name, target.declarations?.[0]);
    }
    byEntry.set(subpath, names);
  }
  return byEntry;
}

function where(declaration: ts.Declaration | undefined): string {
  if (!declaration) return 'nowhere';
  const file = declaration.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(declaration.getStart());
  return `${file.fileName.slice(root.length)}:${line + 1}`;
}

describe('the entry points', () => {
  const byEntry = exportedDeclarations();

  it('cover every entry of package.json', () => {
    expect([...byEntry.keys()].sort()).toEqual(['.', './core', './record', './server']);
  });

  it('give each name one declaration, whichever entry exports it', () => {
    const seen = new Map<string, { entry: string; at: string }>();
    const clashes: string[] = [];
    for (const [entry, names] of byEntry) {
      for (const [name, declaration] of names) {
        const at = where(declaration);
        const first = seen.get(name);
        if (first === undefined) seen.set(name, { entry, at });
        else if (first.at !== at) {
          clashes.push(`${name}: ${first.entry} → ${first.at}, ${entry} → ${at}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('let the main entry export everything the core does', () => {
    const main = byEntry.get('.') as Map<string, unknown>;
    const missing = [...(byEntry.get('./core') as Map<string, unknown>).keys()].filter(
      (name) => !main.has(name),
    );
    expect(missing).toEqual([]);
  });

  it('name their re-exports rather than `export *` then shadow a name', () => {
    const main = readFileSync(`${root}${entrySources.index}`, 'utf8');
    expect(main).not.toMatch(/export \*/);
  });
});

describe('the same value under the same name', () => {
  it('at run time, from every entry', async () => {
    const modules = {
      '.': await import('../src/index.js'),
      './core': await import('../src/core.js'),
      './server': await import('../src/server/index.js'),
      './record': await import('../src/record/index.js'),
    } as Record<string, Record<string, unknown>>;
    const seen = new Map<string, unknown>();
    const clashes: string[] = [];
    for (const [entry, exports] of Object.entries(modules)) {
      for (const [name, value] of Object.entries(exports)) {
        if (seen.has(name) && seen.get(name) !== value) clashes.push(`${name} (${entry})`);
        seen.set(name, value);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('the MSW-flavoured mock', () => {
  it('wraps the core simulator without changing it, its clock and journal live', async () => {
    const { createSegmindMockCore } = await import('../src/core.js');
    const { createSegmindMock } = await import('../src/index.js');
    const core = createSegmindMockCore({ clock: 'virtual' });
    expect('handlers' in core).toBe(false);

    const mock = createSegmindMock({ clock: 'virtual' });
    expect(mock.handlers).toHaveLength(1);
    const before = mock.clock.now();
    mock.clock.advance(1_000);
    expect(mock.clock.now()).toBe(before + 1_000);
    expect(mock.requests).toHaveLength(0);
    await mock.handle(new Request('https://api.segmind.com/v2/requests/unknown/status'));
    expect(mock.requests).toHaveLength(1); // a getter, read anew each time
    mock.reset();
    expect(mock.requests).toHaveLength(0);
    expect(mock.clock.now()).toBe(before);
  });
});
