// The model registry and the service facts, read from the bundle's `x-` extensions (see the
// spec's root description): every consumer derives its model list and per-model behaviour from
// this one generated file. A missing or malformed fact fails the generation with its place.
import { deref } from '../../src/pointer.js';
import { bannerOf } from './banner.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundled document is walked generically
type Json = any;

const OUTPUTS = ['cutout', 'erased'];
const EFFECTS = ['mask', 'invert', 'grow', 'json'];

function fail(where: string, what: string): never {
  throw new Error(`${where}: ${what}`);
}

/** The `value` of a fact extension, checked to be a whole number above 0. */
function wholeFact(node: Json, name: string, where: string): number {
  const value = node?.[name]?.value;
  if (!(Number.isInteger(value) && value > 0))
    fail(where, `${name}.value must be a whole number above 0`);
  return value;
}

/** The `value` of a fact extension, checked to be a non-empty string. */
function textFact(node: Json, name: string, where: string): string {
  const value = node?.[name]?.value;
  if (!(typeof value === 'string' && value.trim() !== ''))
    fail(where, `${name}.value must be a non-empty string`);
  return value;
}

/** The forms a property takes: `url` (format uri) and/or `base64` (contentEncoding). */
function formsOf(spec: Json, property: Json): string[] {
  const forms = new Set<string>();
  const branches = [...(property.oneOf ?? []), ...(property.anyOf ?? [])];
  for (const branch of [property, ...branches.map((branch: Json) => deref(spec, branch))]) {
    if (branch.format === 'uri') forms.add('url');
    if (branch.contentEncoding === 'base64') forms.add('base64');
  }
  return [...forms];
}

/** A name that says the property is a picture: `image`, `source_img`, `photo`, `picture`. */
const IMAGE_NAME = /image|img|photo|picture/i;

/**
 * The forms of an image input, or none when the property is not one: an image is given in
 * base64, or as a URL under a name that says it is a picture (a URL alone may be a webhook).
 */
function imageFormsOf(spec: Json, name: string, property: Json): string[] {
  const forms = formsOf(spec, property);
  return forms.includes('base64') || (forms.includes('url') && IMAGE_NAME.test(name)) ? forms : [];
}

interface ModelEntry {
  slug: string;
  facts: Record<string, unknown>;
  example: unknown;
}

function modelOf(spec: Json, slug: string): ModelEntry {
  const submit = spec.paths[`/v2/${slug}`].post;
  const sync = spec.paths[`/v1/${slug}`]?.post;
  const where = `POST /v2/${slug}`;
  if (!sync) fail(where, `a model needs POST /v1/${slug} beside its v2 submit`);
  const content = deref(spec, submit.requestBody)?.content?.['application/json'];
  if (!content) fail(where, 'its request body must be application/json');
  const schema = deref(spec, content.schema);
  const output = submit['x-output']?.value;
  if (!OUTPUTS.includes(output)) fail(where, `x-output.value must be one of ${OUTPUTS.join(', ')}`);
  const effects: Record<string, string> = {};
  const images: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries<Json>(schema.properties ?? {})) {
    const property = deref(spec, raw);
    const effect = property['x-output-effect'];
    if (effect !== undefined) {
      if (!EFFECTS.includes(effect)) {
        fail(`${where} input ${name}`, `x-output-effect must be one of ${EFFECTS.join(', ')}`);
      }
      if (effects[effect]) fail(`${where} input`, `two properties have x-output-effect ${effect}`);
      effects[effect] = name;
    }
    const forms = imageFormsOf(spec, name, property);
    if (forms.length > 0) images[name] = forms;
  }
  const tag = (spec.tags ?? []).find((candidate: Json) => candidate.name === slug);
  if (!tag) fail(where, `a tag named ${slug} must describe the model`);
  const example = Object.values<Json>(content.examples ?? {})[0];
  if (!example) fail(where, 'its request body needs at least one example');
  return {
    slug,
    facts: {
      slug,
      title: tag['x-displayName'] ?? slug,
      operations: { sync: sync.operationId, submit: submit.operationId },
      typicalQueueMs: wholeFact(submit, 'x-typical-queue-ms', where),
      typicalProcessingMs: wholeFact(submit, 'x-typical-processing-ms', where),
      cost: wholeFact(submit, 'x-cost', where),
      typicalFailure: textFact(submit, 'x-typical-failure', where),
      output,
      effects,
      images,
      required: schema.required ?? [],
    },
    example: deref(spec, example).value,
  };
}

/** The slugs of the spec: every `/v2/{slug}` with a POST, but the request endpoints. */
export function slugsOf(spec: Json): string[] {
  const slugs: string[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    const slug = /^\/v2\/([^/{}]+)$/.exec(path)?.[1];
    if (slug && slug !== 'requests' && item.post) slugs.push(slug);
  }
  return slugs.sort();
}

/** The job states in their order: the status endpoint's enum, then the failed state. */
function jobStatesOf(spec: Json): string[] {
  const schemas = spec.components?.schemas ?? {};
  const waiting = schemas.StatusResponse?.properties?.status?.enum;
  const failed = schemas.FailedResponse?.properties?.status;
  const states = [...(waiting ?? []), ...(failed?.enum ?? (failed?.const ? [failed.const] : []))];
  if (states.length < 2)
    fail('components.schemas', 'StatusResponse and FailedResponse state no job states');
  return states;
}

const literal = (value: unknown, indent = ''): string =>
  JSON.stringify(value, null, 2)
    .replaceAll('\n', `\n${indent}`)
    .replace(/"([A-Za-z_$][\w$]*)":/g, '$1:');

export function registryOf(spec: Json): string {
  const origin = new URL(spec.servers?.[0]?.url ?? fail('servers', 'the spec needs a server'))
    .origin;
  const retention = wholeFact(spec, 'x-retention-ms', 'the root');
  const models = slugsOf(spec).map((slug) => modelOf(spec, slug));
  const facts = Object.fromEntries(models.map((model) => [model.slug, model.facts]));
  const examples = Object.fromEntries(models.map((model) => [model.slug, model.example]));
  const durations = Object.fromEntries(
    models.map(({ slug, facts: { typicalQueueMs, typicalProcessingMs } }) => [
      slug,
      { typicalQueueMs, typicalProcessingMs },
    ]),
  );
  const types = models
    .map(
      ({ slug }) =>
        `  '${slug}': {\n    input: InputOf<'/v2/${slug}'>;\n    syncJson: SyncJsonOf<'/v1/${slug}'>;\n  };`,
    )
    .join('\n');
  return `${bannerOf(
    "Generated by scripts/generate.ts from spec/dist/openapi.json: the first server, `x-retention-ms`,\n * the job states, and each model's `x-` facts, inputs and first request example.",
  )}import type { ModelFacts } from '../model-facts.js';
import type { InputOf, SyncJsonOf } from '../model-types.js';

/** Segmind's production origin: the spec's first server. */
export const PRODUCTION_ORIGIN = '${origin}';

/** How long Segmind keeps a job's status and result after its submission, in ms. */
export const RETENTION_MS = ${retention};

/** The states of a queued job, in the order a job goes through them (the last two both end it). */
export const JOB_STATES = ${literal(jobStatesOf(spec))} as const;

/** The models of the spec, by slug: what each costs, how long it takes, what it outputs. */
export const MODELS = ${literal(facts)} as const satisfies Readonly<Record<string, ModelFacts>>;

/**
 * How long a job of each model typically takes, in ms: \`MODELS\`' figures alone, for code that
 * times its polls and should not carry the whole registry (a bundler drops what is unused).
 */
export const TYPICAL_DURATIONS = ${literal(durations)} as const satisfies Readonly<
  Record<string, Pick<ModelFacts, 'typicalQueueMs' | 'typicalProcessingMs'>>
>;

/** The first request example of each model: a valid input (its image is a sample URL). */
export const MODEL_EXAMPLES = ${literal(examples)} as const;

/** The generated types of each model: its input, and its v1 JSON answer (\`never\` if none). */
export interface ModelTypes {
${types}
}
`;
}
