// @ts-check
/**
 * The TypeScript samples of the per-model operations, written by one template from the spec's
 * model registry (`MODELS`, `MODEL_EXAMPLES` of `@segmind-ts/spec`), so that a model added to the
 * spec gets its samples with no edit to the docs: `generated/<slug>.sync.ts` (the v1 call,
 * `runSync`) and `generated/<slug>.submit.ts` (the v2 queue, `submitAsync` then `wait`).
 * `scripts/generate-samples.mjs` writes them under `examples/`, where tsc compiles them and the
 * tests run them against the mock; the build shows their `sample` region, as for any example.
 */
import { credits, effectNote, imageForms, outputShows, seconds } from './model-words.mjs';

/**
 * @typedef {import('@segmind-ts/spec').ModelFacts} ModelFacts
 * @typedef {Readonly<Record<string, unknown>>} ExampleInput
 * @typedef {{
 *   slug: string,
 *   kind: 'sync' | 'submit',
 *   operationId: string,
 *   file: string,
 *   text: string,
 * }} ModelSample
 */

/** Where the generated samples sit, under `examples/`. */
export const GENERATED_DIR = 'generated';

const BANNER = `/**
 * GENERATED FILE: do not edit by hand.
 *
 * Written by apps/docs/scripts/generate-samples.mjs from the model registry of @segmind-ts/spec
 * (MODELS, MODEL_EXAMPLES). Edit the spec, then run \`pnpm gen\` from the repository root.
 */`;

/**
 * The two samples of every model of the registry, in its order.
 *
 * @param {Readonly<Record<string, ModelFacts>>} models
 * @param {Readonly<Record<string, ExampleInput>>} examples each model's request example
 * @returns {ModelSample[]}
 */
export function modelSamples(models, examples) {
  return Object.values(models).flatMap((facts) => {
    const example = examples[facts.slug];
    if (!example) {
      throw new Error(`${facts.slug} has no request example in the spec: its samples need one`);
    }
    const input = sampleInput(facts, example);
    return [
      {
        slug: facts.slug,
        kind: /** @type {const} */ ('sync'),
        operationId: facts.operations.sync,
        file: sampleFile(facts.slug, 'sync'),
        text: syncSample(facts, input),
      },
      {
        slug: facts.slug,
        kind: /** @type {const} */ ('submit'),
        operationId: facts.operations.submit,
        file: sampleFile(facts.slug, 'submit'),
        text: submitSample(facts, input),
      },
    ];
  });
}

/**
 * The file, under `examples/`, of a model's sample.
 *
 * @param {string} slug
 * @param {'sync' | 'submit'} kind
 * @returns {string}
 */
export function sampleFile(slug, kind) {
  return `${GENERATED_DIR}/${slug}.${kind}.ts`;
}

/**
 * The example input with its JSON switch (`x-output-effect: json`) off: the samples show the
 * image bytes, and the switch's comment says how to get JSON instead.
 *
 * @param {ModelFacts} facts
 * @param {ExampleInput} example
 * @returns {ExampleInput}
 */
function sampleInput(facts, example) {
  const json = facts.effects.json;
  return json && json in example ? { ...example, [json]: false } : example;
}

/**
 * @param {ModelFacts} facts
 * @param {ExampleInput} input
 * @returns {string}
 */
function syncSample(facts, input) {
  return `${BANNER}
// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** ${facts.title}, the v1 call: one HTTP exchange that answers with the image bytes. */
export async function runSync() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // Blocks for the whole job, typically ${seconds(facts.typicalProcessingMs)} of processing.
  const { image, contentType, remainingCredits } = await segmind.runSync('${facts.slug}', {
${inputLines(facts, input, '    ')}
  });
  console.log(contentType, image.byteLength, 'bytes'); // ${outputShows(facts, input)}
  console.log('credits left:', remainingCredits); // one call takes ${credits(facts.cost)}
  // #endregion
  return { image, contentType, remainingCredits };
}
`;
}

/**
 * @param {ModelFacts} facts
 * @param {ExampleInput} input
 * @returns {string}
 */
function submitSample(facts, input) {
  return `${BANNER}
// #region sample
import { InferenceFailed, InferenceTimeout, Segmind } from '@segmind-ts/client';
// #endregion

/** ${facts.title} through the v2 queue: \`submitAsync\`, then \`wait\`. */
export async function submitAndWait() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // Answers at once; the job then spends typically ${seconds(facts.typicalQueueMs)} in the queue and ${seconds(facts.typicalProcessingMs)} processing.
  const job = await segmind.submitAsync('${facts.slug}', {
${inputLines(facts, input, '    ')}
  });
  console.log(job.requestId); // resume it elsewhere with segmind.job(requestId)

  try {
    const result = await job.wait({
      timeoutMs: 600_000,
      onStatus: (status) => console.log(status.status), // QUEUED, PROCESSING, COMPLETED
    });
    console.log(result.output); // URL of ${outputShows(facts, input)}
  } catch (error) {
    if (error instanceof InferenceFailed) console.error('failed:', error.detail);
    else if (error instanceof InferenceTimeout) console.error('still running:', error.requestId);
    else throw error;
  }
  // #endregion
  return job;
}
`;
}

/**
 * The properties of an object literal, one a line, each image input under a comment on the
 * forms it accepts and each property with an output effect followed by what it does.
 *
 * @param {ModelFacts} facts
 * @param {ExampleInput} input
 * @param {string} indent
 * @returns {string}
 */
function inputLines(facts, input, indent) {
  return Object.entries(input)
    .flatMap(([property, value]) => {
      const forms = facts.images[property];
      const note = effectNote(facts, property);
      const line = `${indent}${propertyKey(property)}: ${literal(value)},`;
      return [
        ...(forms ? [`${indent}// ${imageForms(forms)}`] : []),
        note ? `${line} // ${note}` : line,
      ];
    })
    .join('\n');
}

/**
 * @param {string} name
 * @returns {string}
 */
function propertyKey(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
}

/**
 * A request example's value as TypeScript, strings in single quotes as the other examples.
 *
 * @param {unknown} value
 * @returns {string}
 */
function literal(value) {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  // Arrays and objects: JSON is valid TypeScript.
  return JSON.stringify(value);
}

/**
 * @param {string} text
 * @returns {string}
 */
function quote(text) {
  const escaped = JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${escaped}'`;
}
