import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The package's interface is what its README lists under "Exports": each entry's names, each type
// marked `type`. This test holds the built entries to that list, both ways, so that a name added
// to `src/index.ts` without a word in the README, or a documented name that is gone, fails here.
// It reads the built files (the package test builds first), as consumers get them.

const packageDir = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, packageDir), 'utf8');
const requireHere = createRequire(import.meta.url);

// Held in variables so that the type checker, which runs before the build, does not resolve them.
const entries: Record<string, { specifier: string; declarations: string }> = {
  '@segmind-ts/client': { specifier: '@segmind-ts/client', declarations: 'dist/index.d.ts' },
  '@segmind-ts/client/node': {
    specifier: '@segmind-ts/client/node',
    declarations: 'dist/node.d.ts',
  },
};

interface Names {
  values: string[];
  types: string[];
}

const sorted = (names: Iterable<string>) => [...names].sort();

/** The names the README's "Exports" section lists under `### \`<entry>\``, values and types apart. */
function documented(readme: string, entry: string): Names {
  const section = /^## Exports\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (!section) throw new Error('The README has no "## Exports" section');
  const heading = `### \`${entry}\`\n`;
  const start = section.indexOf(heading);
  if (start === -1) throw new Error(`The README's Exports section has no ${heading.trim()}`);
  const body = section.slice(start + heading.length).split(/^### /m)[0] ?? '';
  const values: string[] = [];
  const types: string[] = [];
  // A bullet wraps onto lines indented by two spaces.
  const bullets = body.replace(/\n {2}(?=\S)/g, ' ').split('\n');
  for (const line of bullets) {
    if (!line.startsWith('- ')) continue;
    // A bullet is "- <names>: <what they are>"; the names are `name` or type `name`, by commas.
    const names = line.slice(2).split(/`: /)[0] ?? '';
    for (const part of `${names}\``.split(', ')) {
      const match = /^(type )?`([A-Za-z_$][\w$]*)`$/.exec(part);
      if (!match?.[2])
        throw new Error(`Not a name in the README's Exports list: ${part} (${line})`);
      (match[1] ? types : values).push(match[2]);
    }
  }
  return { values: sorted(values), types: sorted(types) };
}

/** The names a bundled declaration file exports, from its closing `export { ... };`. */
function declared(declarations: string): Names {
  const list = [...declarations.matchAll(/^export \{([^}]*)\};$/gm)].at(-1)?.[1];
  if (!list) throw new Error('No export list in the declarations');
  const names = list.split(',').map((name) => name.trim());
  return {
    values: sorted(names.filter((name) => !name.startsWith('type '))),
    types: sorted(names.filter((name) => name.startsWith('type ')).map((name) => name.slice(5))),
  };
}

describe('the exports the README documents', () => {
  const readme = read('README.md');

  describe.each(Object.entries(entries))('%s', (entry, { specifier, declarations }) => {
    const listed = documented(readme, entry);

    it('lists at least one name, each once', () => {
      const all = [...listed.values, ...listed.types];
      expect(all.length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
    });

    it('are exactly the values the built entry exports, as ESM and as CommonJS', async () => {
      expect(sorted(Object.keys(await import(specifier)))).toEqual(listed.values);
      expect(sorted(Object.keys(requireHere(specifier)))).toEqual(listed.values);
    });

    it('are exactly the values and types its declarations export', () => {
      expect(declared(read(declarations))).toEqual(listed);
    });
  });

  it('name every entry point the package has, and no other', () => {
    const manifest = JSON.parse(read('package.json')) as { exports: Record<string, unknown> };
    const entryPoints = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    expect(sorted(entryPoints.map((key) => `@segmind-ts/client${key.slice(1)}`))).toEqual(
      sorted(Object.keys(entries)),
    );
    expect([...readme.matchAll(/^### `(@segmind-ts\/client[^`]*)`$/gm)].map((m) => m[1])).toEqual(
      Object.keys(entries),
    );
  });

  it('leave src/internal/ out of reach of an import', () => {
    for (const path of ['src/internal/env.js', 'src/internal/env.ts', 'dist/chunk.js']) {
      expect(() => requireHere.resolve(`@segmind-ts/client/${path}`)).toThrow(
        expect.objectContaining({ code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }),
      );
    }
  });
});
