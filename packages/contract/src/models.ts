// The models the suite drives: the spec's model registry (`MODELS` of `@segmind-ts/spec`), each
// with its first request example and a bad input broken from its input schema. A model added to
// the spec is checked after `pnpm gen`, without a change here.
import {
  deref,
  MODEL_EXAMPLES,
  type ModelFacts,
  type ModelSlug,
  MODELS as SPEC_MODELS,
} from '@segmind-ts/spec';
import { type BadInput, badInputOf } from './bad-input.js';
import { bundledSpec, type OpenApiDocument } from './spec.js';

/** A model the suite drives, with a valid input and a bad one. */
export interface ModelFixture {
  /** The model's path segment, as in `/v1/<slug>` and `/v2/<slug>`. */
  slug: string;
  /** What the spec says of the model: its timings, cost, output and effects. */
  facts: ModelFacts;
  /** A body that the spec's input schema accepts: the first example of its request. */
  input: Record<string, unknown>;
  /** A body that the input schema rejects, and the rule it breaks. */
  badInput: BadInput;
}

/** The JSON input schema of a model's v2 submit in `spec`, found by its `operationId`. */
export function inputSchemaOf(spec: OpenApiDocument, facts: ModelFacts): OpenApiDocument {
  for (const item of Object.values<OpenApiDocument>(spec.paths ?? {})) {
    const operation = item?.post;
    if (operation?.operationId !== facts.operations.submit) continue;
    const content = deref(spec, operation.requestBody)?.content?.['application/json'];
    if (content?.schema) return deref(spec, content.schema);
  }
  throw new Error(`the spec has no JSON input schema for ${facts.operations.submit}`);
}

/** One model of `spec`, given its facts (from the registry) and a valid input. */
export function modelFixture(
  facts: ModelFacts,
  input: Readonly<Record<string, unknown>>,
  spec: OpenApiDocument,
): ModelFixture {
  return {
    slug: facts.slug,
    facts,
    input: { ...input },
    badInput: badInputOf(inputSchemaOf(spec, facts), input, spec),
  };
}

/**
 * Every model of the bundled spec, in its order, with the inputs the suite sends: the first
 * example of each request (the product pages' own sample URLs; a mock never fetches them).
 */
export const MODELS: readonly ModelFixture[] = (Object.keys(SPEC_MODELS) as ModelSlug[]).map(
  (slug) => modelFixture(SPEC_MODELS[slug], MODEL_EXAMPLES[slug], bundledSpec()),
);

/** The first model that has the most of `measure`, in the spec's order. */
function most(measure: (facts: ModelFacts) => number): ModelFixture {
  const [first, ...rest] = MODELS;
  if (!first) throw new Error('the bundled spec has no model');
  return rest.reduce(
    (best, model) => (measure(model.facts) > measure(best.facts) ? model : best),
    first,
  );
}

/** The spec's first model: where a scenario needs just one. */
export const FIRST_MODEL: ModelFixture = most(() => 0);

/**
 * The model whose jobs take longest: long enough that a job is seen waiting before it ends, and
 * that counting the retention from its end rather than its submission shows.
 */
export const SLOWEST_MODEL: ModelFixture = most((facts) => facts.typicalProcessingMs);

/** The model that costs most: the one a key short of credits cannot pay for. */
export const COSTLIEST_MODEL: ModelFixture = most((facts) => facts.cost);
