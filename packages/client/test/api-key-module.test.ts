import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The API key is resolved in one module, src/internal/api-key.ts: it alone names the environment
// variable and reads it. Every other module gets the resolved key from the client that holds it,
// so a second place that reads or trims the key (and could treat it differently) fails here.

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The source files (relative to src/) whose code, outside comments, matches `pattern`. */
function filesWhoseCode(pattern: RegExp): string[] {
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

describe('the API key module', () => {
  it('is the only one that names the key variable and reads it from the environment', () => {
    expect(filesWhoseCode(/['"`]SEGMIND_API_KEY['"`]/)).toEqual(['internal/api-key.ts']);
    expect(filesWhoseCode(/readEnv\(\s*API_KEY_ENV/)).toEqual(['internal/api-key.ts']);
  });

  it('is where the key is resolved: the client and the transport call it, nothing defines another', () => {
    expect(filesWhoseCode(/function resolveApiKey\b/)).toEqual(['internal/api-key.ts']);
    expect(filesWhoseCode(/\bresolveApiKey\(/)).toEqual([
      'internal/api-key.ts',
      'segmind.ts',
      'transport.ts',
    ]);
  });
});
