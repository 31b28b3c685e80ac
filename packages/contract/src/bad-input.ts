// A body a model's input schema rejects, built from a valid one by breaking the first rule the
// schema states, so that the suite can check the 400 of any model the spec describes.
import { deref } from '@segmind-ts/spec';
import type { OpenApiDocument } from './spec.js';

/** A body that the input schema rejects, and the rule it breaks, in words. */
export interface BadInput {
  body: Record<string, unknown>;
  rule: string;
}

/** A value that is not of JSON Schema type `type`: a number for a string, else a string. */
function wrongValueFor(type: string): unknown {
  return type === 'string' ? 42 : 'not-a-value';
}

/**
 * A body the input schema rejects, built from `input` by the first rule the schema states, in
 * this order: a number above its `maximum` or below its `minimum`, a boolean given as a string, a
 * value outside an `enum`, a required property of the wrong type, a required property left out,
 * or a property the schema does not allow. `document` resolves the schema's `$ref`s (a bundle's
 * are local). Throws when the schema states none of these.
 */
export function badInputOf(
  schema: OpenApiDocument,
  input: Readonly<Record<string, unknown>>,
  document: OpenApiDocument = schema,
): BadInput {
  const root = deref(document, schema) ?? {};
  const properties = Object.entries<OpenApiDocument>(root.properties ?? {}).map(
    ([name, property]) => [name, deref(document, property) ?? {}] as const,
  );
  const required: string[] = Array.isArray(root.required) ? root.required : [];
  const breaking = (name: string, value: unknown, rule: string): BadInput => ({
    body: { ...input, [name]: value },
    rule,
  });

  const bounded = properties.find(([, property]) => typeof property.maximum === 'number');
  if (bounded) {
    const [name, { maximum }] = bounded;
    return breaking(name, maximum + 1, `${name} above its maximum of ${maximum}`);
  }
  const floored = properties.find(([, property]) => typeof property.minimum === 'number');
  if (floored) {
    const [name, { minimum }] = floored;
    return breaking(name, minimum - 1, `${name} below its minimum of ${minimum}`);
  }
  const flag = properties.find(([, property]) => property.type === 'boolean');
  if (flag) return breaking(flag[0], 'yes', `${flag[0]} is not a boolean`);
  const listed = properties.find(([, property]) => Array.isArray(property.enum));
  if (listed) {
    const [name, { enum: values }] = listed;
    let value = 'not-one-of-its-values';
    while (values.includes(value)) value += '-';
    return breaking(name, value, `${name} not one of its values`);
  }
  const typed = properties.find(
    ([name, property]) => required.includes(name) && typeof property.type === 'string',
  );
  if (typed) {
    const [name, { type }] = typed;
    return breaking(name, wrongValueFor(type), `${name} is not a ${type}`);
  }
  const needed = required.find((name) => Object.hasOwn(input, name));
  if (needed !== undefined) {
    const { [needed]: _left, ...body } = input;
    return { body, rule: `without its required ${needed}` };
  }
  if (root.additionalProperties === false) {
    let name = 'not_a_parameter';
    while (properties.some(([known]) => known === name)) name += '_';
    return breaking(name, true, 'a property the schema does not allow');
  }
  throw new Error('the spec states no rule the suite can break in this input schema');
}
