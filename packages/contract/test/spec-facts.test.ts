// The kit's models, job states and retention come from the bundled spec. Expected values are read
// from the bundle here, independently of the kit's own reading, never restated.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSegmindMock } from '@segmind-ts/mock';
import { describe, expect, it } from 'vitest';
import { MODELS, modelsOf } from '../src/models.js';
import { RETENTION_MS, stateFinding } from '../src/rules.js';

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
        new Request(`https://api.segmind.com/v2/${slug}`, {
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

  it('finds a third model added to the spec, with its example as input', () => {
    const spec = readBundle();
    const input = { image: 'https://example.com/a.png', strength: 3 };
    spec.components.schemas.ThirdInput = {
      type: 'object',
      required: ['image'],
      properties: { image: { type: 'string' }, strength: { type: 'integer', maximum: 10 } },
    };
    const body = {
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ThirdInput' },
          examples: { one: { value: input } },
        },
      },
    };
    spec.paths['/v1/third-model'] = { post: { requestBody: body } };
    spec.paths['/v2/third-model'] = { post: { requestBody: body } };
    expect(modelsOf(spec).at(-1)).toEqual({
      slug: 'third-model',
      input,
      badInput: { body: { ...input, strength: 11 }, rule: 'strength above its maximum of 10' },
    });
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
    expect(RETENTION_MS).toBe(bundle['x-retention-ms'].value);
  });
});
