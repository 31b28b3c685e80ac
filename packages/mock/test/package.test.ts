// Checks of the built package (turbo builds it before the tests): both entries load from ESM and
// CommonJS, the core pulls in neither msw nor any Node built-in, and mocks are created from it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

function node(code: string, type: 'module' | 'commonjs'): string {
  return execFileSync(
    process.execPath,
    [type === 'module' ? '--input-type=module' : '--input-type=commonjs', '-e', code],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

/** Every file an ESM entry (the core by default) loads, following its relative imports. */
function coreGraph(entry = 'core.js'): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(`${dist}${file}`, 'utf8');
    for (const match of text.matchAll(/from\s*["']\.\/([^"']+)["']/g)) visit(match[1] as string);
  };
  visit(entry);
  return [...seen];
}

describe('the built package', () => {
  it('loads both entries from ESM and CommonJS through its exports', () => {
    const esm = node(
      `const core = await import('@segmind-ts/mock/core'); const main = await import('@segmind-ts/mock');
       console.log(typeof core.createSegmindMockCore, 'handlers' in core.createSegmindMockCore(), main.createSegmindMockCore === core.createSegmindMockCore, main.createSegmindMock().handlers.length)`,
      'module',
    );
    expect(esm.trim()).toBe('function false true 1');
    const cjs = node(
      `const core = require('@segmind-ts/mock/core'); const main = require('@segmind-ts/mock');
       console.log(typeof core.createSegmindMockCore, main.createSegmindMock().handlers.length)`,
      'commonjs',
    );
    expect(cjs.trim()).toBe('function 1');
  });

  it('keeps msw, Ajv and Node built-ins out of the core entry, and inlines the spec', () => {
    const files = coreGraph();
    expect(files.length).toBeGreaterThan(1);
    const text = files.map((file) => readFileSync(`${dist}${file}`, 'utf8')).join('\n');
    expect(text).not.toMatch(/from\s*["']msw/);
    expect(text).not.toMatch(/from\s*["']ajv/); // validators are compiled at build time
    expect(text).not.toMatch(/from\s*["']node:/);
    expect(text).not.toMatch(/require\(["'](node:|fs|path|zlib|crypto)/);
    expect(text).toContain('BackgroundEraserInput');
    expect(readdirSync(dist)).toContain('core.d.ts');
  });

  it('keeps ioredis out of the core and main entries; the server imports it on first use only', () => {
    for (const entry of ['core.js', 'index.js']) {
      const text = coreGraph(entry).map((file) => readFileSync(`${dist}${file}`, 'utf8'));
      expect(text.join('\n'), entry).not.toContain('ioredis');
    }
    for (const entry of ['core.cjs', 'index.cjs']) {
      expect(readFileSync(`${dist}${entry}`, 'utf8'), entry).not.toContain('ioredis');
    }
    const server = coreGraph('server.js').map((file) => readFileSync(`${dist}${file}`, 'utf8'));
    expect(server.join('\n')).toContain('import("ioredis")');
    expect(server.join('\n')).not.toMatch(/from\s*["']ioredis/);
  });

  it('creates mocks from the built core entry, validators compiled, in a fresh process', () => {
    // How fast is a benchmark's question (`pnpm --filter @segmind-ts/mock bench:startup`, which
    // prints the figures against their targets), not a test's: wall time on a loaded CI machine
    // says nothing about the code.
    const out = node(
      `const { createSegmindMockCore } = await import('@segmind-ts/mock/core');
       const first = createSegmindMockCore({ clock: 'virtual' });
       const response = await first.handle(new Request('https://api.segmind.com/v2/background-eraser', {
         method: 'POST',
         headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
         body: JSON.stringify({ image: 'https://example.com/a.png', return_mask: 'no' }),
       }));
       console.log(response.status, typeof createSegmindMockCore().handle);`,
      'module',
    );
    // 400: the compiled validators refuse a non-boolean return_mask.
    expect(out.trim()).toBe('400 function');
  });

  // Both spawn processes (npm, node); on a loaded CI machine that alone can take tens of seconds,
  // hence the bound far above what they need.
  it('ships the console files', { timeout: 120_000 }, () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as [{ files: { path: string }[] }];
    const paths = packed[0].files.map((file) => file.path);
    for (const file of ['console/index.html', 'console/console.js', 'console/console.css']) {
      expect(paths).toContain(file);
    }
  });

  it('serves the console from both builds of the server entry', { timeout: 120_000 }, () => {
    const serveAndRead = `
      const server = await startMockServer({ port: 0, logLevel: 'silent' });
      const page = await fetch(server.url + '/__mock/console');
      const script = await fetch(server.url + '/__mock/console/console.js');
      console.log(page.status, script.status, (await page.text()).includes('segmind-mock console'));
      await server.close();`;
    const esm = node(
      `const { startMockServer } = await import('@segmind-ts/mock/server');${serveAndRead}`,
      'module',
    );
    expect(esm.trim()).toBe('200 200 true');
    const cjs = node(
      `const { startMockServer } = require('@segmind-ts/mock/server');
       (async () => {${serveAndRead}})();`,
      'commonjs',
    );
    expect(cjs.trim()).toBe('200 200 true');
  });
});
