// @ts-check
/**
 * Builds the offline docs into `dist/`:
 * - `openapi.json`: the spec bundle with code samples, the local mock as a server and the guides
 *   linked from its introduction, and `assets/openapi.js`, the same document as a script so that
 *   the reference also opens from the disk (`file://` forbids fetch);
 * - `index.html`: the reference, rendered by Scalar's standalone bundle copied from node_modules;
 * - `guides/*.html`: the guides, rendered from markdown here, at build time, and "What is
 *   verified" (`guides/verified.html`), written from the spec's `x-source` extensions.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_EXAMPLES, MODELS } from '@segmind-ts/spec';
import { readTypeScriptSample, TYPESCRIPT_EXAMPLES } from './lib/code-samples.mjs';
import { GUIDES, renderGuide, renderMarkdown } from './lib/guides.mjs';
import { page } from './lib/layout.mjs';
import { modelSamples } from './lib/model-samples.mjs';
import { PAGES } from './lib/pages.mjs';
import { decorateSpec } from './lib/spec.mjs';
import { VERIFIED_PAGE, verifiedMarkdown } from './lib/verified.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

const specPath = require.resolve('@segmind-ts/spec/openapi.json');
// The package exports no `./package.json`: find its folder from the bundle it does export.
const scalarBundle = require.resolve('@scalar/api-reference/browser/standalone.js');
const scalarDir = dirname(dirname(dirname(scalarBundle)));
const scalarVersion = JSON.parse(await readFile(join(scalarDir, 'package.json'), 'utf8')).version;

const spec = JSON.parse(await readFile(specPath, 'utf8'));
// The models' samples are shown as committed (what tsc compiled and the tests ran): refuse to
// show one the registry no longer gives.
for (const sample of modelSamples(MODELS, MODEL_EXAMPLES)) {
  const committed = await readFile(join(root, 'examples', sample.file), 'utf8').catch(() => '');
  if (committed !== sample.text) {
    throw new Error(
      `examples/${sample.file} is missing or out of date with the spec: run \`pnpm gen\` from the repository root`,
    );
  }
}
/** @type {Record<string, string>} */
const typescript = {};
for (const [operationId, file] of Object.entries(TYPESCRIPT_EXAMPLES)) {
  typescript[operationId] = await readTypeScriptSample(join(root, 'examples'), file);
}
const guides = [...PAGES];
const decorated = decorateSpec(spec, typescript, guides);

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets', 'scalar'), { recursive: true });
await mkdir(join(dist, 'guides'), { recursive: true });

await writeFile(join(dist, 'openapi.json'), `${JSON.stringify(decorated, null, 2)}\n`);
await writeFile(
  join(dist, 'assets', 'openapi.js'),
  `// The spec of dist/openapi.json, as a script: pages opened from the disk cannot fetch it.\nwindow.SEGMIND_OPENAPI = ${JSON.stringify(decorated)};\n`,
);
await copyFile(scalarBundle, join(dist, 'assets', 'scalar', 'standalone.js'));
for (const asset of ['docs.css', 'theme.js', 'reference.js', 'mock-console-link.js']) {
  await copyFile(join(root, 'public', asset), join(dist, 'assets', asset));
}

await writeFile(
  join(dist, 'index.html'),
  page({
    title: 'API reference',
    root: '',
    current: 'reference',
    guides,
    bodyClass: 'reference',
    main: `<div id="reference" data-scalar-version="${scalarVersion}"></div>`,
    scripts: ['assets/openapi.js', 'assets/scalar/standalone.js', 'assets/reference.js'],
  }),
);

for (const guide of GUIDES) {
  const { title, html } = await renderGuide({
    guidesDir: join(root, 'guides'),
    examplesDir: join(root, 'examples'),
    slug: guide.slug,
  });
  await writeFile(
    join(dist, 'guides', `${guide.slug}.html`),
    page({
      title,
      root: '../',
      current: guide.slug,
      guides,
      bodyClass: 'guide',
      main: `<main class="guide-content">\n${html}</main>`,
      scripts: [],
    }),
  );
}

await writeFile(
  join(dist, 'guides', `${VERIFIED_PAGE.slug}.html`),
  page({
    title: VERIFIED_PAGE.title,
    root: '../',
    current: VERIFIED_PAGE.slug,
    guides,
    bodyClass: 'guide',
    main: `<main class="guide-content">\n${await renderMarkdown(verifiedMarkdown(spec))}</main>`,
    scripts: [],
  }),
);

console.log(
  `docs: ${Object.keys(typescript).length} operations with samples, ${GUIDES.length} guides and "${VERIFIED_PAGE.title}", Scalar ${scalarVersion} → ${dist}`,
);
