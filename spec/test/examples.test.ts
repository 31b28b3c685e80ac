import { describe, expect, it } from 'vitest';
import { deref, type Json, loadSpec, operationsOf, schemaCompiler } from './load-spec.js';

const spec = loadSpec();
const compile = schemaCompiler(spec);

interface ExampleCase {
  name: string;
  schema: Json;
  value: unknown;
}

/** Every example the spec carries, paired with the schema it must satisfy. */
function collectExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const fromMedia = (where: string, media: Json) => {
    for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
      cases.push({
        name: `${where} example "${name}"`,
        schema: media.schema,
        value: example.value,
      });
    }
    if ('example' in media)
      cases.push({ name: `${where} example`, schema: media.schema, value: media.example });
  };
  for (const { path, method, operation } of operationsOf(spec)) {
    const at = `${method.toUpperCase()} ${path}`;
    const body = deref(spec, operation.requestBody);
    for (const [type, media] of Object.entries<Json>(body?.content ?? {})) {
      fromMedia(`${at} request ${type}`, media);
    }
    for (const [code, ref] of Object.entries<Json>(operation.responses)) {
      const response = deref(spec, ref);
      for (const [type, media] of Object.entries<Json>(response.content ?? {})) {
        fromMedia(`${at} ${code} ${type}`, media);
      }
      for (const [header, headerRef] of Object.entries<Json>(response.headers ?? {})) {
        const h = deref(spec, headerRef);
        for (const value of h.schema.examples ?? []) {
          cases.push({ name: `${at} ${code} header ${header}`, schema: h.schema, value });
        }
      }
    }
  }
  // JSON Schema `examples` arrays, at any depth of any schema (a property's own examples too).
  const walk = (node: Json, where: string) => {
    if (!node || typeof node !== 'object') return;
    const isSchema = 'type' in node || 'oneOf' in node || '$ref' in node || 'properties' in node;
    if (isSchema && Array.isArray(node.examples)) {
      for (const value of node.examples)
        cases.push({ name: `${where} schema example`, schema: node, value });
    }
    for (const [key, child] of Object.entries<Json>(node)) {
      if (key !== 'examples' && key !== 'example') walk(child, `${where}/${key}`);
    }
  };
  walk(spec.components.schemas, '#/components/schemas');
  for (const [name, ref] of Object.entries<Json>(spec.components.parameters ?? {})) {
    const parameter = deref(spec, ref);
    if ('example' in parameter) {
      cases.push({ name: `parameter ${name}`, schema: parameter.schema, value: parameter.example });
    }
  }
  return cases;
}

describe('spec examples', () => {
  const cases = collectExamples();

  it('has an example for every request body and every response with content', () => {
    const missing: string[] = [];
    for (const { path, method, operation } of operationsOf(spec)) {
      const at = `${method.toUpperCase()} ${path}`;
      const body = deref(spec, operation.requestBody);
      for (const [type, media] of Object.entries<Json>(body?.content ?? {})) {
        if (!media.examples && !('example' in media)) missing.push(`${at} request ${type}`);
      }
      for (const [code, ref] of Object.entries<Json>(operation.responses)) {
        for (const [type, media] of Object.entries<Json>(deref(spec, ref).content ?? {})) {
          if (!media.examples && !('example' in media)) missing.push(`${at} ${code} ${type}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s validates against its schema', (_, c) => {
    const validate = compile(c.schema);
    const valid = validate(c.value);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects values that break the schema, so the check above can fail', () => {
    const input = compile(spec.components.schemas.BackgroundEraserInput);
    expect(input({ image: 'https://x.test/a.png', return_mask: true, grow_mask: 51 })).toBe(false);
    expect(input({ image: 'https://x.test/a.png', return_mask: true, grow_mask: '3' })).toBe(false);
    expect(input({ return_mask: true })).toBe(false);
    const bria = compile(spec.components.schemas.BriaEraseForegroundInput);
    expect(bria({ image: 'https://x.test/a.png' })).toBe(true);
    expect(bria({ image: 'iVBORw0KGgo=' })).toBe(true);
    expect(bria({ image: 'data:image/png;base64,iVBORw0KGgo=' })).toBe(true);
    expect(bria({ image: 'not an image' })).toBe(false);
    const submitted = compile(spec.components.schemas.SubmitResponse);
    expect(
      submitted({
        request_id: 'r',
        status: 'QUEUED',
        status_url: '/v2/requests/r/status',
        response_url: '/v2/requests/r',
      }),
    ).toBe(false);
  });
});
