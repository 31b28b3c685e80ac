// @ts-check
/**
 * Renders the guides (`guides/*.md`) to static HTML at build time. Three directives pull in what
 * must not be copied by hand: `<!-- sample: file.ts -->` inserts the `sample` region of a
 * compiled and tested example, `<!-- diagram: lifecycle -->` the job's state diagram, and
 * `<!-- models: table -->` the table of the spec's models, from its registry.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODELS } from '@segmind-ts/spec';
import { Marked } from 'marked';
import { readTypeScriptSample } from './code-samples.mjs';
import { escapeHtml } from './layout.mjs';
import { lifecycleDiagram } from './lifecycle-diagram.mjs';
import { modelsTable } from './models-table.mjs';

/**
 * The guides, in reading order. `slug` is the file name under `guides/` and in `dist/guides/`.
 *
 * @type {ReadonlyArray<{ slug: string, title: string, summary: string }>}
 */
export const GUIDES = Object.freeze([
  {
    slug: 'quickstart',
    title: 'Quickstart',
    summary: 'install the client, `run` a model, or `submitAsync` and `wait`.',
  },
  {
    slug: 'lifecycle',
    title: 'Async lifecycle',
    summary:
      'the states of a queued job, polling, 422 on FAILED, 404 and retention 1 hour after submission.',
  },
  {
    slug: 'errors',
    title: 'Errors and retries',
    summary: 'one error class per status, what is retried and what never is, one deadline.',
  },
  {
    slug: 'mock',
    title: 'The mock',
    summary: 'in tests with MSW and a virtual clock, offline as a server with a control API.',
  },
  {
    slug: 'contract-testing',
    title: 'Contract testing',
    summary: 'check the mock, a stub or a gateway against the spec with `segmind-contract`.',
  },
]);

const DIRECTIVE = /^<!--\s*(sample|diagram|models):\s*(\S+)\s*-->$/gm;

/**
 * Replaces the directives of a guide with the sample's code, the diagram's SVG or the models
 * table.
 *
 * @param {string} markdown
 * @param {string} examplesDir
 * @param {Parameters<typeof modelsTable>[0]} [models] the registry, the spec's by default
 * @returns {Promise<string>}
 */
export async function expandDirectives(markdown, examplesDir, models = MODELS) {
  const parts = [];
  let last = 0;
  for (const match of markdown.matchAll(DIRECTIVE)) {
    parts.push(markdown.slice(last, match.index));
    const [, kind, argument] = match;
    if (kind === 'sample') {
      const code = await readTypeScriptSample(examplesDir, /** @type {string} */ (argument));
      parts.push(`\`\`\`ts\n${code}\n\`\`\``);
    } else if (kind === 'models') {
      if (argument !== 'table') throw new Error(`unknown models directive "${argument}"`);
      // The guides are one folder below the reference.
      parts.push(modelsTable(models, '../index.html'));
    } else if (argument === 'lifecycle') {
      parts.push(lifecycleDiagram());
    } else {
      throw new Error(`unknown diagram "${argument}"`);
    }
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(markdown.slice(last));
  return parts.join('');
}

/**
 * Lower-case, dash-separated anchor of a heading.
 *
 * @param {string} text
 * @returns {string}
 */
export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const marked = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth }) {
      const html = this.parser.parseInline(tokens);
      const id = slugify(html);
      return `<h${depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true">#</a>${html}</h${depth}>\n`;
    },
    code({ text, lang }) {
      const language = (lang ?? '').split(/\s/)[0] || 'text';
      return `<pre class="code" data-lang="${escapeHtml(language)}"><code class="language-${escapeHtml(language)}">${escapeHtml(text)}</code></pre>\n`;
    },
  },
});

/**
 * Renders markdown (a page written at build time) to HTML, as the guides are.
 *
 * @param {string} markdown
 * @returns {Promise<string>}
 */
export async function renderMarkdown(markdown) {
  return marked.parse(markdown);
}

/**
 * Reads and renders one guide to the HTML of its `<main>` content.
 *
 * @param {{ guidesDir: string, examplesDir: string, slug: string }} options
 * @returns {Promise<{ title: string, html: string }>}
 */
export async function renderGuide({ guidesDir, examplesDir, slug }) {
  const markdown = await readFile(join(guidesDir, `${slug}.md`), 'utf8');
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1];
  if (!title) throw new Error(`guides/${slug}.md has no "# Title" line`);
  const expanded = await expandDirectives(markdown, examplesDir);
  const html = await marked.parse(expanded);
  return { title, html };
}
