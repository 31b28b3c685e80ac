// control-api.yaml, parsed once, and the check of a control answer against it.
import { readFileSync } from 'node:fs';
import { deref as derefIn } from '@segmind-ts/spec';
import { createSpecAjv } from '@segmind-ts/spec/ajv';
import { expect } from 'vitest';
import { parse } from 'yaml';

// biome-ignore lint/suspicious/noExplicitAny: the parsed YAML document is walked generically
export type Json = Record<string, any>;

/** The control API's OpenAPI document. */
export const doc: Json = parse(
  readFileSync(new URL('../control-api.yaml', import.meta.url), 'utf8'),
);

export const ajv = createSpecAjv({ allErrors: true });

/** Follows `$ref`s inside the document. */
export const deref = (node: Json): Json => derefIn(doc, node);

/** Checks one control answer against control-api.yaml: documented status, content type, schema. */
export async function conforms(
  method: string,
  template: string,
  response: Response,
): Promise<unknown> {
  const operation = doc.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is documented`).toBeDefined();
  const documented = operation.responses[String(response.status)];
  expect(documented, `${method} ${template} documents ${response.status}`).toBeDefined();
  const media = deref(documented).content?.[response.headers.get('content-type') ?? ''];
  expect(media, `${method} ${template} ${response.status} content type`).toBeDefined();
  const body = await response.json();
  const validate = ajv.compile({ ...media.schema, components: doc.components });
  expect(
    validate(body),
    `${method} ${template} ${response.status}: ${ajv.errorsText(validate.errors)}`,
  ).toBe(true);
  return body;
}
