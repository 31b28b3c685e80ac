// The one artefact every consumer reads: the bundled spec, inlined at build time by a JSON
// import so the simulator does no I/O and runs unchanged in a browser, and the model registry
// generated from it (`MODELS` of `@segmind-ts/spec`), the list of models the mock serves.
import { deref, MODELS, type ModelFacts } from '@segmind-ts/spec';
import bundled from '@segmind-ts/spec/openapi.json' with { type: 'json' };

/** The parts of an OpenAPI 3.1 document the simulator reads. */
export interface SpecDocument {
  paths: Record<string, Record<string, SpecOperation | undefined>>;
  components: Record<string, Record<string, unknown>>;
}

/** An operation of the spec, as far as the simulator reads it. */
export interface SpecOperation {
  operationId?: string;
  requestBody?: { $ref?: string; content?: Record<string, { schema?: unknown }> };
}

/** The bundled OpenAPI document of `@segmind-ts/spec`. */
export const spec = bundled as unknown as SpecDocument;

/** A model the spec describes: its registry entry and its input schema in the bundle. */
export interface SpecModel {
  /** The model's slug, as in `/v1/{model}` and `/v2/{model}`. */
  name: string;
  /** Its entry in the spec's registry: cost, timings, output and the inputs behind it. */
  facts: ModelFacts;
  /** `#/components/schemas/...` pointer of the request body's schema. */
  inputSchemaRef: string;
  /** The properties its input schema declares. */
  inputProperties: readonly string[];
}

/** The input schema of `facts`' model: the JSON body of its v2 submit (v1 takes the same). */
function inputOf(facts: ModelFacts): Pick<SpecModel, 'inputSchemaRef' | 'inputProperties'> {
  const operation = spec.paths[`/v2/${facts.slug}`]?.post;
  if (operation?.operationId !== facts.operations.submit) {
    throw new Error(
      `The bundled spec has no operation ${facts.operations.submit} of ${facts.slug}`,
    );
  }
  const body = deref(spec, operation.requestBody) as SpecOperation['requestBody'];
  const schema = body?.content?.['application/json']?.schema as { $ref?: unknown } | undefined;
  if (typeof schema?.$ref !== 'string') {
    throw new Error(`The input of ${facts.slug} is not a schema of the bundle's components`);
  }
  const properties = (deref(spec, schema) as { properties?: Record<string, unknown> }).properties;
  return { inputSchemaRef: schema.$ref, inputProperties: Object.keys(properties ?? {}) };
}

/**
 * Every model of the spec's registry (`registry`, the spec's `MODELS` but in tests) with its
 * input schema, so that a model added to the spec is served without touching the simulator.
 */
export function specModels(registry: Readonly<Record<string, ModelFacts>> = MODELS): SpecModel[] {
  return Object.values(registry).map((facts) => ({ name: facts.slug, facts, ...inputOf(facts) }));
}
