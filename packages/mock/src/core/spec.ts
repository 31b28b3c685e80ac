// The one artefact every consumer reads: the bundled spec, inlined at build time by a JSON
// import so the simulator does no I/O and runs unchanged in a browser.
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

/** A model the spec describes, with the JSON pointer of its input schema. */
export interface SpecModel {
  /** The model's slug, as in `/v1/{model}` and `/v2/{model}`. */
  name: string;
  /** `#/components/schemas/...` pointer of the request body's schema. */
  inputSchemaRef: string;
  /** Whether `POST /v1/{model}` exists. */
  sync: boolean;
  /** Whether `POST /v2/{model}` exists. */
  submit: boolean;
}

function resolveRef<T>(ref: string): T {
  let at: unknown = spec;
  for (const key of ref.replace(/^#\//, '').split('/')) {
    at = (at as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at as T;
}

function inputSchemaRefOf(operation: SpecOperation): string | undefined {
  let body = operation.requestBody;
  if (body?.$ref) body = resolveRef(body.$ref);
  const schema = body?.content?.['application/json']?.schema as { $ref?: string } | undefined;
  return schema?.$ref;
}

/**
 * Every model of the spec, discovered from its `POST /v1/{model}` and `POST /v2/{model}` paths,
 * so that a model added to the spec is served without touching the simulator.
 */
export function specModels(): SpecModel[] {
  const found = new Map<string, SpecModel>();
  for (const [path, item] of Object.entries(spec.paths)) {
    const match = /^\/(v1|v2)\/([^/{}]+)$/.exec(path);
    const post = item.post;
    if (!match || !post || match[2] === 'requests') continue;
    const ref = inputSchemaRefOf(post);
    if (!ref) continue;
    const name = match[2] as string;
    const model = found.get(name) ?? { name, inputSchemaRef: ref, sync: false, submit: false };
    if (match[1] === 'v1') model.sync = true;
    else model.submit = true;
    found.set(name, model);
  }
  return [...found.values()];
}
