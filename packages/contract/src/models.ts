// The models the suite drives, read from the bundled spec: a model added to the spec is checked
// without a change here.
import { bundledSpec, type OpenApiDocument } from './spec.js';

/** The models the suite drives, with a valid input and a bad one for each. */
export interface ModelFixture {
  /** The model's path segment, as in `/v1/<slug>` and `/v2/<slug>`. */
  slug: string;
  /** A body that the spec's input schema accepts: the first example of its request. */
  input: Record<string, unknown>;
  /** A body that the input schema rejects, and the rule it breaks. */
  badInput: { body: Record<string, unknown>; rule: string };
}

/** Follows a local `$ref` of the document. */
function deref(spec: OpenApiDocument, node: OpenApiDocument): OpenApiDocument {
  if (typeof node?.$ref !== 'string') return node;
  let at = spec;
  for (const key of node.$ref.replace(/^#\//, '').split('/')) {
    at = at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return deref(spec, at);
}

/**
 * A body the input schema rejects, built from `input` by the first rule the schema states: a
 * number above its `maximum`, a boolean given as a string, or a property it does not allow.
 */
function badInputOf(schema: OpenApiDocument, input: Record<string, unknown>) {
  const properties = Object.entries<OpenApiDocument>(schema.properties ?? {});
  const bounded = properties.find(([, property]) => typeof property.maximum === 'number');
  if (bounded) {
    const [name, { maximum }] = bounded;
    return {
      body: { ...input, [name]: maximum + 1 },
      rule: `${name} above its maximum of ${maximum}`,
    };
  }
  const flag = properties.find(([, property]) => property.type === 'boolean');
  if (flag) return { body: { ...input, [flag[0]]: 'yes' }, rule: `${flag[0]} is not a boolean` };
  if (schema.additionalProperties === false) {
    return {
      body: { ...input, not_a_parameter: true },
      rule: 'a property the schema does not allow',
    };
  }
  throw new Error('the spec states no rule the suite can break in this input schema');
}

/** Every model with a `POST /v1/{model}` and a `POST /v2/{model}` in `spec`. */
export function modelsOf(spec: OpenApiDocument): ModelFixture[] {
  const models: ModelFixture[] = [];
  for (const [path, item] of Object.entries<OpenApiDocument>(spec.paths ?? {})) {
    const slug = /^\/v2\/([^/{}]+)$/.exec(path)?.[1];
    if (!slug || slug === 'requests' || !item?.post || !spec.paths[`/v1/${slug}`]?.post) continue;
    const content = deref(spec, item.post.requestBody)?.content?.['application/json'];
    const example = Object.values<OpenApiDocument>(content?.examples ?? {})[0];
    const input = deref(spec, example)?.value;
    if (!input || typeof input !== 'object') {
      throw new Error(`the spec gives no request example for ${path}`);
    }
    models.push({ slug, input, badInput: badInputOf(deref(spec, content.schema), input) });
  }
  return models;
}

/**
 * Every model of the bundled spec, with the inputs the suite sends: the first example of each
 * request (the product pages' own sample URLs; a mock never fetches them).
 */
export const MODELS: readonly ModelFixture[] = modelsOf(bundledSpec());
