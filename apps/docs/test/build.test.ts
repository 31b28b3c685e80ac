import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { listAssumptions, listSpecSources } from '@segmind-ts/contract';
import { MODELS } from '@segmind-ts/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTypeScriptSample, TYPESCRIPT_EXAMPLES } from '../scripts/lib/code-samples.mjs';
import { GUIDES } from '../scripts/lib/guides.mjs';
import { CONTENT_SECURITY_POLICY } from '../scripts/lib/layout.mjs';
import { PAGES } from '../scripts/lib/pages.mjs';
import { LOCAL_MOCK_SERVER, listOperations } from '../scripts/lib/spec.mjs';
import { assertBuilt, distDir, packageDir } from './helpers/dist.js';

const require = createRequire(import.meta.url);
const read = (path: string) => readFileSync(join(distDir, path), 'utf8');

beforeAll(assertBuilt);

describe('dist/openapi.json', () => {
  it('shows, on every operation, the TypeScript sample extracted from its example file', async () => {
    const spec = JSON.parse(read('openapi.json'));
    const operations = listOperations(spec);
    // The four request endpoints, and a v1 and a v2 operation per model of the registry.
    expect(operations).toHaveLength(4 + 2 * Object.keys(MODELS).length);
    for (const operation of operations) {
      const samples = spec.paths[operation.path][operation.method]['x-codeSamples'];
      const file = TYPESCRIPT_EXAMPLES[operation.operationId];
      if (!file) throw new Error(`no example for ${operation.operationId}`);
      expect(samples[0]).toEqual({
        lang: 'typescript',
        label: 'TypeScript',
        source: await readTypeScriptSample(join(packageDir, 'examples'), file),
      });
      expect(samples[0].source).toContain("from '@segmind-ts/client'");
      expect(samples.slice(1).map((sample: { label: string }) => sample.label)).toEqual([
        'curl',
        'Python',
      ]);
    }
  });

  it("shows each model's samples generated from the registry on its v1 and v2 operations", () => {
    const spec = JSON.parse(read('openapi.json'));
    for (const facts of Object.values(MODELS)) {
      const typescriptOf = (path: string) => spec.paths[path].post['x-codeSamples'][0].source;
      expect(typescriptOf(`/v1/${facts.slug}`)).toContain(`segmind.runSync('${facts.slug}', {`);
      expect(typescriptOf(`/v2/${facts.slug}`)).toContain(`segmind.submitAsync('${facts.slug}', {`);
    }
  });

  it("lists every model of the registry in the reference's introduction", () => {
    const { description } = JSON.parse(read('openapi.json')).info;
    for (const facts of Object.values(MODELS)) {
      expect(description).toContain(`[${facts.title}](#tag/${facts.slug})`);
    }
  });

  it('lists the local mock among the servers and keeps the rest of the spec', () => {
    const spec = JSON.parse(read('openapi.json'));
    const source = JSON.parse(
      readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'),
    );
    expect(spec.servers).toContainEqual(LOCAL_MOCK_SERVER);
    expect(spec.components).toEqual(source.components);
    expect(Object.keys(spec.paths)).toEqual(Object.keys(source.paths));
  });

  it('is the same document as the script the reference page loads', () => {
    const script = read('assets/openapi.js');
    const json = script
      .slice(script.indexOf('=') + 1)
      .trim()
      .replace(/;$/, '');
    expect(JSON.parse(json)).toEqual(JSON.parse(read('openapi.json')));
  });
});

describe('the pages', () => {
  const pages = ['index.html', ...PAGES.map((guide) => `guides/${guide.slug}.html`)];

  it('are one reference, one page per guide and "What is verified"', () => {
    expect(readdirSync(join(distDir, 'guides')).sort()).toEqual(
      [...GUIDES.map((guide) => `${guide.slug}.html`), 'verified.html'].sort(),
    );
    for (const page of pages) {
      const root = page === 'index.html' ? '' : '../';
      expect(read(page), page).toContain(`href="${root}guides/verified.html"`);
    }
  });

  it.each(pages)('%s loads nothing from another origin and sets the CSP', (page) => {
    const html = read(page);
    expect(html).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(3);
    for (const reference of references) expect(reference).not.toMatch(/^(?:[a-z]+:)?\/\//i);
  });

  it.each(pages)('%s links the mock console, hidden until a mock is found serving it', (page) => {
    const html = read(page);
    expect(html).toContain(
      '<a class="mock-console" href="/__mock/console" data-mock-console hidden>Mock console</a>',
    );
    expect(html).toMatch(/<script src="(?:\.\.\/)?assets\/mock-console-link\.js" defer><\/script>/);
  });

  it('ship the pinned Scalar bundle copied byte for byte from node_modules', () => {
    const bundle = readFileSync(require.resolve('@scalar/api-reference/browser/standalone.js'));
    expect(readFileSync(join(distDir, 'assets/scalar/standalone.js')).equals(bundle)).toBe(true);
    expect(read('index.html')).toContain('data-scalar-version="1.46.4"');
  });

  it('expand every sample and diagram directive of the guides', () => {
    for (const guide of GUIDES) {
      const html = read(`guides/${guide.slug}.html`);
      expect(html, guide.slug).not.toMatch(/<!--\s*(sample|diagram):/);
    }
    expect(read('guides/lifecycle.html')).toContain('<svg role="img"');
    expect(read('guides/quickstart.html')).toContain('segmind.submitAsync(');
  });

  it('list every model of the registry in the quickstart, linked to its reference section', () => {
    const html = read('guides/quickstart.html');
    for (const facts of Object.values(MODELS)) {
      expect(html).toContain(`<a href="../index.html#tag/${facts.slug}">${facts.title}</a>`);
      expect(html).toContain(`<code>${facts.slug}</code>`);
    }
  });
});

describe('What is verified', () => {
  const spec = JSON.parse(readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'));
  const text = () =>
    read('guides/verified.html')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');

  it('lists every assumption of the spec with what would confirm it', () => {
    const page = text();
    const assumptions = listAssumptions(spec);
    expect(assumptions.length).toBeGreaterThanOrEqual(20);
    expect(page).toContain(`Assumptions (${assumptions.length})`);
    for (const fact of assumptions) {
      expect(page, fact.where).toContain(fact.where);
      // Markdown renders `code` spans as <code>, whose tags the text leaves out.
      expect(page, fact.where).toContain(fact.confirmBy?.replaceAll('`', ''));
    }
    expect(page).toContain('x-rate-limit-reset-at-utc');
    expect(page).toContain('behaviour failed-not-charged');
  });

  it('names every source with its count, and how to confirm against the real API', () => {
    const page = text();
    for (const source of listSpecSources(spec)) expect(page).toContain(source.id);
    expect(read('guides/verified.html')).toContain(
      '<td><code>segmind-docs:async-inference-v2</code></td>',
    );
    expect(page).toContain('segmind-mock record --upstream https://api.segmind.com');
    expect(page).toContain('segmind-contract judge segmind.har');
    expect(page).toContain('behaviour retention-from-submission');
  });
});
