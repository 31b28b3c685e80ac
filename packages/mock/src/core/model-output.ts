// What a job's output is, from its model's facts in the spec's registry alone: what the output
// shows (`x-output`) and which input properties change it (`x-output-effect`). No model is named
// here, so a model added to the spec answers as its facts say without a change to the mock.
import type { ModelFacts, OutputEffect } from '@segmind-ts/spec';
import { fnv1a } from './hash.js';
import type { PictureSpec } from './picture.js';

/** The facts of a model that decide its output. */
export type OutputFacts = Pick<ModelFacts, 'output' | 'effects' | 'images'>;

type Input = Record<string, unknown>;

/** Whether the input turns `effect` on: the model has it, and its property is `true`. */
function isOn(facts: Pick<ModelFacts, 'effects'>, input: Input, effect: OutputEffect): boolean {
  const property = facts.effects[effect];
  return property !== undefined && input[property] === true;
}

/**
 * The fingerprint the picture is drawn from: the model's image inputs alone, so that the mask
 * and the cut-out of one image show the same subject; the whole input when none is a string.
 */
function seedOf(facts: OutputFacts, input: Input): number {
  const images = Object.keys(facts.images)
    .map((property) => input[property])
    .filter((value): value is string => typeof value === 'string');
  return fnv1a(images.length > 0 ? images.join('\n') : JSON.stringify(input));
}

/** What a job's picture looks like, from its model's facts and its input (same input, same picture). */
export function pictureOf(facts: OutputFacts, input: Input): PictureSpec {
  const seed = seedOf(facts, input);
  // `invert` is part of the picture only for a model that has the effect.
  const invert = facts.effects.invert === undefined ? {} : { invert: isOn(facts, input, 'invert') };
  if (isOn(facts, input, 'mask')) {
    const grow = facts.effects.grow;
    return {
      kind: 'mask',
      seed,
      ...invert,
      grow: grow === undefined ? 0 : Number(input[grow] ?? 0),
    };
  }
  return { kind: facts.output, seed, ...invert };
}

/** Whether `POST /v1/{model}` answers JSON (the image in base64) rather than the image bytes. */
export function answersJson(facts: Pick<ModelFacts, 'effects'>, input: Input): boolean {
  return isOn(facts, input, 'json');
}
