import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileSpecSchema, createSpecAjv } from '../src/ajv/ajv.js';

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
export { deref } from '../src/pointer.js';

/**
 * Compiles a schema of the spec with the document's components beside it, so that its
 * `#/components/schemas/...` references resolve as they do in the bundle.
 */
export function schemaCompiler(spec: Json): (schema: Json) => ValidateFunction {
  const ajv = createSpecAjv({ allErrors: true });
  return (schema) => compileSpecSchema(ajv, spec, schema);
}
