// The generated registry (src/generated/registry.gen.ts) against the bundle it is generated
// from: every model of the bundle, each fact as its extension states it. `check:gen` proves the
// committed file is current; these prove the generator reads the right places, and refuses a
// model whose facts are missing.
import { describe, expect, it } from 'vitest';
import { registryOf, slugsOf } from '../scripts/lib/registry.js';
import {
  isJobState,
  isModelSlug,
  JOB_STATES,
  MODEL_EXAMPLES,
  MODELS,
  PRODUCTION_ORIGIN,
  RETENTION_MS,
  TYPICAL_DURATIONS,
} from '../src/index.js';
import { deref, type Json, loadSpec, schemaCompiler } from './load-spec.js';

const spec = loadSpec();

describe('the model registry', () => {
  it('lists every model of the bundle: each /v2/{slug} with a POST but the request endpoints', () => {
    expect(Object.keys(MODELS)).toEqual(slugsOf(spec));
    expect(Object.keys(MODELS)).toEqual(
      expect.arrayContaining(['background-eraser', 'bria-erase-foreground']),
    );
    expect(isModelSlug('bria-erase-foreground')).toBe(true);
    expect(isModelSlug('requests')).toBe(false);
    expect(isModelSlug('toString')).toBe(false);
  });

  it('states each fact as the extension on the model’s v2 submit says', () => {
    for (const model of Object.values(MODELS)) {
      const submit = spec.paths[`/v2/${model.slug}`].post;
      expect(model.typicalQueueMs).toBe(submit['x-typical-queue-ms'].value);
      expect(model.typicalProcessingMs).toBe(submit['x-typical-processing-ms'].value);
      expect(model.cost).toBe(submit['x-cost'].value);
      expect(model.output).toBe(submit['x-output'].value);
      expect(model.typicalFailure).toBe(submit['x-typical-failure'].value);
      expect(TYPICAL_DURATIONS[model.slug as keyof typeof TYPICAL_DURATIONS]).toEqual({
        typicalQueueMs: model.typicalQueueMs,
        typicalProcessingMs: model.typicalProcessingMs,
      });
      expect(model.operations.submit).toBe(submit.operationId);
      expect(model.operations.sync).toBe(spec.paths[`/v1/${model.slug}`].post.operationId);
    }
    expect(MODELS['background-eraser']).toMatchObject({
      title: 'Background Eraser',
      output: 'cutout',
      effects: { mask: 'return_mask', invert: 'invert_mask', grow: 'grow_mask', json: 'base64' },
      images: { image: ['url'] },
      required: ['image', 'return_mask'],
    });
    expect(MODELS['bria-erase-foreground']).toMatchObject({
      output: 'erased',
      effects: {},
      images: { image: ['url', 'base64'] },
      typicalProcessingMs: 12000,
      typicalFailure: 'Output image flagged by visual content moderation',
    });
  });

  it('gives each model its first request example, which its input schema accepts', () => {
    const compile = schemaCompiler(spec);
    for (const model of Object.values(MODELS)) {
      const content = deref(spec, spec.paths[`/v2/${model.slug}`].post.requestBody).content;
      const validate = compile(content['application/json'].schema);
      const example = MODEL_EXAMPLES[model.slug as keyof typeof MODEL_EXAMPLES];
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('states the service facts: origin, retention and the job states in order', () => {
    expect(PRODUCTION_ORIGIN).toBe(new URL(spec.servers[0].url).origin);
    expect(RETENTION_MS).toBe(spec['x-retention-ms'].value);
    expect(JOB_STATES).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED']);
    expect(isJobState('FAILED')).toBe(true);
    expect(isJobState('DONE')).toBe(false);
  });

  it('refuses a model without its facts, naming the operation and the fact', () => {
    const broken: Json = structuredClone(spec);
    delete broken.paths['/v2/bria-erase-foreground'].post['x-output'];
    expect(() => registryOf(broken)).toThrow(
      'POST /v2/bria-erase-foreground: x-output.value must be one of cutout, erased',
    );
    const noCost: Json = structuredClone(spec);
    noCost.paths['/v2/background-eraser'].post['x-cost'].value = 0;
    expect(() => registryOf(noCost)).toThrow('x-cost.value must be a whole number above 0');
    const unknownEffect: Json = structuredClone(spec);
    unknownEffect.components.schemas.BackgroundEraserInput.properties.base64['x-output-effect'] =
      'sepia';
    expect(() => registryOf(unknownEffect)).toThrow('x-output-effect must be one of');
  });

  it('finds image inputs by their forms, through references, whatever their name', () => {
    const shared: Json = structuredClone(spec);
    const bria = shared.components.schemas.BriaEraseForegroundInput;
    const [url, base64] = bria.properties.image.oneOf;
    shared.components.schemas.ImageUrl = url;
    shared.components.schemas.ImageBase64 = base64;
    bria.properties.source_img = {
      oneOf: [
        { $ref: '#/components/schemas/ImageUrl' },
        { $ref: '#/components/schemas/ImageBase64' },
      ],
    };
    bria.properties.webhook = { type: 'string', format: 'uri' };
    delete bria.properties.image;
    const source = registryOf(shared);
    expect(source).toMatch(/source_img: \[\s*"url",\s*"base64"\s*\]/);
    expect(source).not.toMatch(/webhook: \[/);
    // A model with no image input (text to image, say) is a model still.
    const textOnly: Json = structuredClone(spec);
    delete textOnly.components.schemas.BriaEraseForegroundInput.properties.image;
    expect(registryOf(textOnly)).toMatch(/"bria-erase-foreground": \{[\s\S]*?images: \{\}/);
  });

  it('takes a model added to the bundle without a change to the generator', () => {
    const grown: Json = structuredClone(spec);
    grown.paths['/v1/copy-model'] = grown.paths['/v1/bria-erase-foreground'];
    grown.paths['/v2/copy-model'] = grown.paths['/v2/bria-erase-foreground'];
    grown.tags.push({ name: 'copy-model', 'x-displayName': 'Copy Model', description: 'A copy.' });
    const source = registryOf(grown);
    expect(source).toContain(`"copy-model": {`);
    expect(source).toContain(`'copy-model': {\n    input: InputOf<'/v2/copy-model'>;`);
  });
});
