import { describe, expect, it } from 'vitest';
import { MODELS } from '../src/index.js';
import { deref, type Json, loadSpec, operationsOf } from './load-spec.js';

const spec = loadSpec();
const byId = new Map(operationsOf(spec).map((op) => [op.operation.operationId, op]));
const ERROR_CODES_OF_A_CALL = ['400', '401', '403', '404', '406', '429', '500', '502', '504'];
const ERROR_CODES_OF_A_LOOKUP = ['401', '403', '404', '422', '429', '500', '502', '504'];

describe('spec structure', () => {
  // The models are the registry's (generated from this bundle); the registry's own tests prove
  // it lists every model of the bundle, so a model added to the spec is checked here unchanged.
  const modelOperationIds = Object.values(MODELS).flatMap((model) => [
    model.operations.sync,
    model.operations.submit,
  ]);

  it('has two operations per model and the four request endpoints, with readable operationIds', () => {
    expect([...byId.keys()].sort()).toEqual(
      [
        ...modelOperationIds,
        'getRequestResult',
        'getRequestStatus',
        'getRequestV1',
        'getUserCredits',
      ].sort(),
    );
    for (const model of Object.values(MODELS)) {
      const camel = model.slug.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
      expect(model.operations).toEqual({ sync: `${camel}Sync`, submit: `${camel}Submit` });
      expect(byId.get(model.operations.sync)?.path).toBe(`/v1/${model.slug}`);
      expect(byId.get(model.operations.submit)?.path).toBe(`/v2/${model.slug}`);
    }
  });

  it('applies the x-api-key scheme globally', () => {
    expect(spec.security).toEqual([{ ApiKeyAuth: [] }]);
    expect(spec.components.securitySchemes.ApiKeyAuth).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
  });

  it.each<[string, string[]]>([
    ...modelOperationIds.map((id): [string, string[]] => [id, ['200', ...ERROR_CODES_OF_A_CALL]]),
    ['getRequestStatus', ['200', ...ERROR_CODES_OF_A_LOOKUP]],
    ['getRequestResult', ['200', '202', ...ERROR_CODES_OF_A_LOOKUP]],
    ['getRequestV1', ['200', ...ERROR_CODES_OF_A_LOOKUP]],
    ['getUserCredits', ['200', '401', '403', '429', '500', '502', '504']],
  ])('%s documents every status code it can answer', (id, codes) => {
    expect(Object.keys(byId.get(id)?.operation.responses).sort()).toEqual([...codes].sort());
  });

  it('gives every error the {"error": string} body, except 422 which carries the FAILED body', () => {
    for (const { operation } of operationsOf(spec)) {
      for (const [code, ref] of Object.entries<Json>(operation.responses)) {
        if (Number(code) < 400) continue;
        const schema = deref(spec, deref(spec, ref).content['application/json'].schema);
        if (code === '422') {
          expect(schema.required).toEqual(['status', 'error']);
          expect(schema.properties.status.const).toBe('FAILED');
        } else {
          expect(schema).toBe(spec.components.schemas.Error);
        }
      }
    }
  });

  it('sends x-remaining-credits on v1 model calls, and Retry-After or the reset time on 429', () => {
    for (const { operation } of operationsOf(spec)) {
      const ok = deref(spec, operation.responses['200']);
      if (/Sync$/.test(operation.operationId)) {
        expect(Object.keys(ok.headers).sort()).toEqual([
          'x-rate-limit-remaining',
          'x-remaining-credits',
          'x-request-id',
        ]);
      }
      expect(ok.headers).toHaveProperty('x-rate-limit-remaining');
      expect(Object.keys(deref(spec, operation.responses['429']).headers).sort()).toEqual([
        'Retry-After',
        'x-rate-limit-remaining',
        'x-rate-limit-reset-at-utc',
      ]);
    }
  });

  it('answers the credit balance as {"credits": number, "free-credits": number}', () => {
    const ok = deref(spec, byId.get('getUserCredits')?.operation.responses['200']);
    const schema = deref(spec, ok.content['application/json'].schema);
    expect(schema.required).toEqual(['credits', 'free-credits']);
    expect(schema.properties.credits.type).toBe('number');
    expect(schema.properties['free-credits'].type).toBe('number');
    expect(byId.get('getUserCredits')?.path).toBe('/v1/get-user-credits');
  });

  it('gives the submit a poll_url, and the status body the job URLs and metrics', () => {
    const submit = spec.components.schemas.SubmitResponse;
    expect(submit.required).toContain('poll_url');
    expect(submit.properties.poll_url.pattern).toBe('^https?://');
    const status = spec.components.schemas.StatusResponse;
    expect(status.required).toEqual(['request_id', 'status', 'metrics']);
    expect(Object.keys(status.properties)).toEqual(
      expect.arrayContaining(['status_url', 'response_url', 'metrics']),
    );
    // The v1 poll endpoint's body is undocumented, and flagged so.
    const v1 = byId.get('getRequestV1');
    expect(v1?.path).toBe('/v1/requests/{request_id}');
    expect(v1?.operation['x-unverified']).toBe(true);
    expect(deref(spec, v1?.operation.responses['200'])['x-source']).toBe('assumption');
  });

  it('keeps the parameters, defaults and ranges of the product pages', () => {
    const eraser = spec.components.schemas.BackgroundEraserInput;
    expect(eraser.required).toEqual(['image', 'return_mask']);
    expect(eraser.properties.grow_mask).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 50,
      default: 0,
    });
    expect(eraser.properties.return_mask.default).toBe(true);
    expect(eraser.properties.base64.default).toBe(false);
    expect(eraser.properties.invert_mask.default).toBe(false);
    const bria = spec.components.schemas.BriaEraseForegroundInput;
    expect(bria.required).toEqual(['image']);
    expect(bria.properties.image.oneOf).toHaveLength(2);
    expect(bria.properties.preserve_alpha.default).toBe(true);
    expect(bria.properties.visual_input_content_moderation.default).toBe(false);
    expect(bria.properties.visual_output_content_moderation.default).toBe(false);
  });

  it('bounds every string a request may carry, and says so in words', () => {
    // An unbounded string lets one request cost the validator unbounded work (an 8 MiB URL once
    // overflowed the stack of a `uri` format check): every string accepted has a maxLength.
    const unbounded: string[] = [];
    const walk = (node: Json, where: string, seen: Set<Json>) => {
      const schema = deref(spec, node);
      if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
      seen.add(schema);
      const types = [schema.type].flat();
      if (types.includes('string') && !(Number.isInteger(schema.maxLength) && schema.maxLength > 0))
        unbounded.push(where);
      if (types.includes('string') && Number.isInteger(schema.maxLength)) {
        const words = schema.maxLength.toLocaleString('en-US');
        expect(`${schema.description ?? ''}`, `${where} names its bound`).toContain(words);
      }
      for (const key of ['oneOf', 'anyOf', 'allOf'] as const)
        for (const [i, branch] of (schema[key] ?? []).entries())
          walk(branch, `${where}/${key}/${i}`, seen);
      for (const [name, child] of Object.entries<Json>(schema.properties ?? {}))
        walk(child, `${where}.${name}`, seen);
      if (schema.items) walk(schema.items, `${where}[]`, seen);
    };
    for (const { path, method, operation } of operationsOf(spec)) {
      const where = `${method.toUpperCase()} ${path}`;
      const params = [...(spec.paths[path].parameters ?? []), ...(operation.parameters ?? [])];
      for (const param of params) {
        const resolved = deref(spec, param);
        walk(resolved.schema, `${where} ${resolved.in} ${resolved.name}`, new Set());
      }
      const body = operation.requestBody && deref(spec, operation.requestBody);
      for (const media of Object.values<Json>(body?.content ?? {}))
        walk(media.schema, `${where} body`, new Set());
    }
    expect(unbounded).toEqual([]);
  });

  it('explains every unverified point in words', () => {
    const flagged: Json[] = [];
    const walk = (node: Json) => {
      if (!node || typeof node !== 'object') return;
      if (node['x-unverified'] === true) flagged.push(node);
      for (const child of Object.values(node)) walk(child);
    };
    walk(spec);
    expect(flagged.length).toBeGreaterThanOrEqual(5);
    for (const node of flagged)
      expect(node.description ?? node.summary).toMatch(
        /not\s+(documented|confirmed)|undocumented|does\s+not\s+document|only\s+by|not\s+always/i,
      );
  });

  it('describes the async lifecycle in the requests tag', () => {
    const tag = spec.tags.find((t: Json) => t.name === 'requests');
    for (const words of [
      'QUEUED',
      'PROCESSING',
      'COMPLETED',
      'FAILED',
      '422',
      '404',
      '1 hour after submission',
      'poll_url',
    ]) {
      expect(tag.description).toContain(words);
    }
  });
});
