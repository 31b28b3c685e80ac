import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const specPath = fileURLToPath(new URL('../dist/openapi.json', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: the bundled document is walked generically
export type Json = any;

export function loadSpec(): Json {
  return JSON.parse(readFileSync(specPath, 'utf8'));
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface Operation {
  path: string;
  method: string;
  operation: Json;
}

export function operationsOf(spec: Json): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method]) found.push({ path, method, operation: item[method] });
    }
  }
  return found;
}

/** Follows a local `#/components/...` reference, as the bundle leaves them. */
export function deref(spec: Json, node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce(
      (at: Json, key: string) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      spec,
    );
  }
  return current;
}

/**
 * Compiles a schema of the spec with the document's components beside it, so that its
 * `#/components/schemas/...` references resolve as they do in the bundle.
 */
export function schemaCompiler(spec: Json): (schema: Json) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addFormat('binary', true);
  ajv.addKeyword({ keyword: 'x-unverified', schemaType: 'boolean' });
  // Where a fact comes from and how to confirm it (see the spec's root description).
  ajv.addKeyword({ keyword: 'x-source', schemaType: ['string', 'array'] });
  ajv.addKeyword({ keyword: 'x-confirm-by', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-judge', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'components' });
  return (schema) => ajv.compile({ ...schema, components: spec.components });
}
