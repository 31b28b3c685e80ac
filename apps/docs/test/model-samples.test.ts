/**
 * The generic path of the per-model samples: a registry with a model the spec does not have
 * (injected beside the real ones) gets its two samples, its entries in the operation → example
 * map, its row in the models table of the guides and of the reference's introduction, all from
 * its registry entry and its request example, with no edit to the docs. That such a model's
 * samples also compile and run is proved where a real third model exists: in the repository's
 * end-to-end test, which adds one to the spec and runs `pnpm gen` and the build.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MODEL_EXAMPLES, MODELS, type ModelFacts } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { pythonSample, typescriptExamples } from '../scripts/lib/code-samples.mjs';
import { expandDirectives } from '../scripts/lib/guides.mjs';
import { modelSamples } from '../scripts/lib/model-samples.mjs';
import { modelsTable } from '../scripts/lib/models-table.mjs';
import { extractRegion } from '../scripts/lib/regions.mjs';
import { decorateSpec, listOperations } from '../scripts/lib/spec.mjs';

const FAKE: ModelFacts = {
  slug: 'sky-replacer',
  title: 'Sky Replacer',
  operations: { sync: 'skyReplacerSync', submit: 'skyReplacerSubmit' },
  typicalQueueMs: 2000,
  typicalProcessingMs: 7500,
  cost: 2,
  typicalFailure: 'Inference failed',
  output: 'erased',
  effects: { json: 'as_json', mask: 'mask_only' },
  images: { photo: ['url', 'base64'] },
  required: ['photo'],
};
const FAKE_EXAMPLE = {
  photo: 'https://example.com/sky.jpg',
  as_json: true,
  mask_only: false,
  strength: 0.8,
  'sky-style': "it's blue",
};
const models = { ...MODELS, [FAKE.slug]: FAKE };
const examples = { ...MODEL_EXAMPLES, [FAKE.slug]: FAKE_EXAMPLE };

const samples = modelSamples(models, examples);
const sampleOf = (slug: string, kind: 'sync' | 'submit') => {
  const found = samples.find((sample) => sample.slug === slug && sample.kind === kind);
  if (!found) throw new Error(`no ${kind} sample for ${slug}`);
  return found;
};

describe('modelSamples', () => {
  it('writes a v1 and a v2 sample for every model of the registry, an unknown one included', () => {
    expect(samples.map((sample) => [sample.operationId, sample.file])).toEqual(
      Object.values(models).flatMap((facts) => [
        [facts.operations.sync, `generated/${facts.slug}.sync.ts`],
        [facts.operations.submit, `generated/${facts.slug}.submit.ts`],
      ]),
    );
  });

  it('calls runSync with the slug and the example input, the JSON switch off', () => {
    const { text, file } = sampleOf('sky-replacer', 'sync');
    expect(text).toMatch(/^\/\*\*\n \* GENERATED FILE: do not edit by hand\./);
    const shown = extractRegion(text, 'sample', file);
    expect(shown).toContain("import { Segmind } from '@segmind-ts/client';");
    expect(shown).toContain("await segmind.runSync('sky-replacer', {");
    expect(shown).toContain("  photo: 'https://example.com/sky.jpg',");
    expect(shown).toContain('  strength: 0.8,');
    expect(shown).toContain("  'sky-style': 'it\\'s blue',");
    // The example asks for JSON; the sample shows the image bytes and says how to get JSON.
    expect(shown).toMatch(/ {2}as_json: false, \/\/ the image bytes; `true` answers JSON/);
    expect(shown).toMatch(/ {2}mask_only: false, \/\/ `true` answers the subject's mask/);
    expect(shown).toContain('// an http(s) URL, or the image in base64');
    expect(shown).toContain('typically 7.5 s of processing');
    expect(shown).toContain('one call takes 2 credits');
    expect(shown).not.toContain('return {');
  });

  it('queues the same input with submitAsync and waits, with what the output shows', () => {
    const { text, file } = sampleOf('sky-replacer', 'submit');
    const shown = extractRegion(text, 'sample', file);
    expect(shown).toContain(
      "import { InferenceFailed, InferenceTimeout, Segmind } from '@segmind-ts/client';",
    );
    expect(shown).toContain("const job = await segmind.submitAsync('sky-replacer', {");
    expect(shown).toContain("  photo: 'https://example.com/sky.jpg',");
    expect(shown).toContain('typically 2 s in the queue and 7.5 s processing');
    expect(shown).toContain('await job.wait({');
    expect(shown).toContain(
      'console.log(result.output); // URL of the picture with its subject erased',
    );
  });

  it("describes the real models' outputs from their facts", () => {
    const cutout = extractRegion(sampleOf('background-eraser', 'submit').text);
    expect(cutout).toContain('// URL of the picture with its background removed');
    expect(cutout).toContain('  grow_mask: 0, // a larger value grows the mask');
  });

  it('refuses a model without a request example rather than inventing an input', () => {
    expect(() => modelSamples(models, MODEL_EXAMPLES)).toThrow(
      'sky-replacer has no request example',
    );
  });
});

describe('the operation → example map', () => {
  it('takes the per-model operations from the registry and keeps the request endpoints', () => {
    const map = typescriptExamples(models, examples);
    expect(map.skyReplacerSync).toBe('generated/sky-replacer.sync.ts');
    expect(map.skyReplacerSubmit).toBe('generated/sky-replacer.submit.ts');
    expect(map.backgroundEraserSync).toBe('generated/background-eraser.sync.ts');
    expect(map.getRequestStatus).toBe('job-status.ts');
    expect(Object.keys(map)).toHaveLength(4 + 2 * Object.keys(models).length);
  });
});

describe('the models listed in the docs', () => {
  it('are a table row per model of the registry, linking its reference section', () => {
    const table = modelsTable(models, '../index.html');
    for (const facts of Object.values(models)) {
      expect(table).toContain(`[${facts.title}](../index.html#tag/${facts.slug})`);
      expect(table).toContain(`\`${facts.slug}\``);
    }
    expect(table).toContain('| 2 s + 7.5 s | 2 |');
  });

  it("are what the guides' `models` directive expands to", async () => {
    const markdown = await expandDirectives('Models:\n\n<!-- models: table -->\n', '.', models);
    expect(markdown).toContain('[Sky Replacer](../index.html#tag/sky-replacer)');
  });

  it("are listed in the reference's introduction, for a spec with one more model", () => {
    const require = createRequire(import.meta.url);
    const spec = JSON.parse(readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'));
    const withFake = structuredClone(spec);
    withFake.paths['/v2/sky-replacer'] = {
      post: { operationId: 'skyReplacerSubmit', tags: ['sky-replacer'], responses: {} },
    };
    const typescript = Object.fromEntries(
      listOperations(withFake).map((operation) => [operation.operationId, '// sample']),
    );
    const decorated = decorateSpec(withFake, typescript, [], models);
    expect(decorated.info.description).toContain('## Models');
    expect(decorated.info.description).toContain('[Sky Replacer](#tag/sky-replacer)');
  });

  it('default the Python samples of the request endpoints to the first model', () => {
    const status = listOperations(
      JSON.parse(
        readFileSync(
          createRequire(import.meta.url).resolve('@segmind-ts/spec/openapi.json'),
          'utf8',
        ),
      ),
    ).find((operation) => operation.operationId === 'getRequestStatus');
    if (!status) throw new Error('no operation getRequestStatus');
    const [first] = Object.values(MODELS);
    expect(pythonSample(status)).toContain(`client.submit_async(\n    "${first?.slug}",`);
  });
});
