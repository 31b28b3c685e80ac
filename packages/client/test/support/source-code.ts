// Reads the client's own sources for tests that hold a rule across them (one place for the API
// key, nothing restated from the spec): the code of each file, comments left out.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The source files (relative to src/) whose code, outside comments, matches `pattern`. */
export function filesWhoseCode(pattern: RegExp): string[] {
  return sources(src)
    .filter((path) => {
      const code = readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      return pattern.test(code);
    })
    .map((path) => relative(src, path).split('\\').join('/'))
    .sort();
}
