// The kit's models, job states and retention come from the spec's registry. Expected values are
// read from the bundle here, independently of the registry and of the kit, never restated.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSegmindMock } from '@segmind-ts/mock';
import { type ModelFacts, PRODUCTION_ORIGIN } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { CONTRACT_CHECKS } from '../src/checks/index.js';
import { MODELS, modelFixture } from '../src/models.js';
import { retentionFinding, stateFinding } from '../src/rules.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundle is walked by key
type Json = any;
const require = createRequire(import.meta.url);
const readBundle = (): Json =>
  JSON.parse(readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'));
const bundle = readBundle();

const modelPaths = (version: 'v1' | 'v2') =>
  Object.keys(bundle.paths)
    .filter((path) => new RegExp(`^/${version}/[^/{]+$`).test(path) && path !== '/v2/requests')
    .map((path) => path.slice(version.length + 2));

describe('facts the contract kit takes from the spec', () => {
  it('drives every model with both a v1 and a v2 operation', () => {
    const both = modelPaths('v2').filter((slug) => modelPaths('v1').includes(slug));
    expect(both.length).toBeGreaterThanOrEqual(2);
    expect(MODELS.map((model) => model.slug)).toEqual(both);
  });

  it('sends inputs the mock (validating by the spec) accepts and bad inputs it rejects', async () => {
    const mock = createSegmindMock();
    const send = (slug: string, body: unknown) =>
      mock.handle(
        new Request(`${PRODUCTION_ORIGIN}/v2/${slug}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
          body: JSON.stringify(body),
        }),
      );
    for (const model of MODELS) {
      expect((await send(model.slug, model.input)).status, model.slug).toBe(200);
      expect((await send(model.slug, model.badInput.body)).status, model.slug).toBe(400);
    }
  });

  it('builds a third model of the spec from its facts, its example and its input schema', () => {
    const spec = readBundle();
    const input = { prompt: 'a cat', image: 'https://example.com/a.png' };
    spec.components.schemas.ThirdInput = {
      type: 'object',
      required: ['prompt', 'image'],
      properties: { prompt: { $ref: '#/components/schemas/Prompt' }, image: { type: 'string' } },
    };
    spec.components.schemas.Prompt = { type: 'string' };
    const body = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ThirdInput' } } },
    };
    spec.paths['/v2/third-model'] = {
      post: { operationId: 'thirdModelSubmit', requestBody: body },
    };
    const facts: ModelFacts = {
      slug: 'third-model',
      title: 'Third Model',
      operations: { sync: 'thirdModelSync', submit: 'thirdModelSubmit' },
      typicalQueueMs: 1000,
      typicalProcessingMs: 2000,
      cost: 2,
      typicalFailure: 'Inference failed',
      output: 'cutout',
      effects: {},
      images: { image: ['url'] },
      required: ['prompt', 'image'],
    };
    expect(modelFixture(facts, input, spec)).toEqual({
      slug: 'third-model',
      facts,
      input,
      badInput: { body: { ...input, prompt: 42 }, rule: 'prompt is not a string' },
    });
  });

  it('checks the JSON output of every model that has one, and only those', () => {
    const names = CONTRACT_CHECKS.map((check) => check.name);
    for (const model of MODELS) {
      const property = model.facts.effects.json;
      const json = names.filter(
        (name) => name.startsWith(`v1 ${model.slug}: `) && name.endsWith(' output'),
      );
      expect(json, model.slug).toEqual(property ? [`v1 ${model.slug}: ${property} output`] : []);
    }
  });

  it('ranks job states in the order of the status enum, then FAILED, both final', () => {
    const schemas = bundle.components.schemas;
    const states: string[] = [
      ...schemas.StatusResponse.properties.status.enum,
      schemas.FailedResponse.properties.status.const,
    ];
    expect(states).toHaveLength(4);
    const [queued, processing, completed, failed] = states;
    expect(stateFinding(queued, processing)).toBeUndefined();
    expect(stateFinding(processing, completed)).toBeUndefined();
    expect(stateFinding(processing, failed)).toBeUndefined();
    expect(stateFinding(processing, queued)?.kind).toBe('state-regression');
    expect(stateFinding(completed, failed)?.kind).toBe('state-regression');
    expect(stateFinding(failed, processing)?.kind).toBe('state-regression');
  });

  it('holds retention to the spec x-retention-ms', () => {
    const retention: number = bundle['x-retention-ms'].value;
    expect(retentionFinding(retention - 1, 200)).toBeUndefined();
    expect(retentionFinding(retention, 200)?.kind).toBe('served-after-expiry');
    expect(retentionFinding(retention - 1, 404)?.kind).toBe('expired-early');
    expect(retentionFinding(retention, 404)).toBeUndefined();
  });
});
