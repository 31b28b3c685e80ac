// What a job's output is follows from its model's registry entry alone (`output`, `effects`,
// `images`): fake entries stand for models the spec may gain, the real ones pin today's answers.
import { MODELS, type ModelFacts } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { fnv1a } from '../src/core/hash.js';
import { answersJson, pictureOf } from '../src/core/model-output.js';

/** A registry entry with only what the output depends on set apart; the rest is filler. */
function facts(
  output: ModelFacts['output'],
  effects: ModelFacts['effects'],
  images: ModelFacts['images'] = { image: ['url'] },
): ModelFacts {
  return {
    slug: 'fake-model',
    title: 'Fake Model',
    operations: { sync: 'fakeModelSync', submit: 'fakeModelSubmit' },
    typicalQueueMs: 0,
    typicalProcessingMs: 0,
    cost: 1,
    typicalFailure: 'Inference failed',
    output,
    effects,
    images,
    required: Object.keys(images),
  };
}

const IMAGE = 'https://example.com/cat.png';
const seed = fnv1a(IMAGE);

describe('the output of a model, from its registry entry', () => {
  it('erases, whatever the input says, for an `erased` model with no effect', () => {
    const plain = facts('erased', {});
    for (const input of [{ image: IMAGE }, { image: IMAGE, return_mask: true, base64: true }]) {
      expect(pictureOf(plain, input)).toEqual({ kind: 'erased', seed });
      expect(answersJson(plain, input)).toBe(false);
    }
  });

  it('answers a mask, inverted and grown, through the input properties the effects name', () => {
    const masking = facts('cutout', { mask: 'm', invert: 'flip', grow: 'pad', json: 'inline' });
    expect(pictureOf(masking, { image: IMAGE, m: true, flip: true, pad: 7 })).toEqual({
      kind: 'mask',
      seed,
      invert: true,
      grow: 7,
    });
    expect(pictureOf(masking, { image: IMAGE, m: true })).toEqual({
      kind: 'mask',
      seed,
      invert: false,
      grow: 0,
    });
    // Only `true` turns an effect on, as only a boolean passes the model's validator anyway.
    expect(pictureOf(masking, { image: IMAGE, m: 'yes', flip: 1 })).toEqual({
      kind: 'cutout',
      seed,
      invert: false,
    });
    expect(answersJson(masking, { image: IMAGE, inline: true })).toBe(true);
    expect(answersJson(masking, { image: IMAGE, inline: false })).toBe(false);
  });

  it('answers a mask for an `erased` model too when it has the mask effect', () => {
    const erasing = facts('erased', { mask: 'mask' });
    expect(pictureOf(erasing, { image: IMAGE, mask: true })).toEqual({
      kind: 'mask',
      seed,
      grow: 0,
    });
    expect(pictureOf(erasing, { image: IMAGE })).toEqual({ kind: 'erased', seed });
  });

  it('draws the subject from the image inputs the entry names, whatever their name', () => {
    const other = facts('erased', {}, { photo: ['url', 'base64'] });
    expect(pictureOf(other, { photo: IMAGE, strength: 2 })).toEqual({ kind: 'erased', seed });
    // No image given as a string: the whole input is the fingerprint, still stable.
    const input = { photo: { nested: true } };
    expect(pictureOf(other, input)).toEqual({ kind: 'erased', seed: fnv1a(JSON.stringify(input)) });
  });

  it('keeps the answers of the two models of the spec', () => {
    const eraser = MODELS['background-eraser'];
    const bria = MODELS['bria-erase-foreground'];
    expect(pictureOf(eraser, { image: IMAGE, return_mask: false })).toEqual({
      kind: 'cutout',
      seed,
      invert: false,
    });
    expect(
      pictureOf(eraser, { image: IMAGE, return_mask: true, invert_mask: true, grow_mask: 12 }),
    ).toEqual({ kind: 'mask', seed, invert: true, grow: 12 });
    expect(answersJson(eraser, { image: IMAGE, return_mask: false, base64: true })).toBe(true);
    expect(answersJson(eraser, { image: IMAGE, return_mask: false })).toBe(false);
    expect(pictureOf(bria, { image: IMAGE, preserve_alpha: false })).toEqual({
      kind: 'erased',
      seed,
    });
    expect(answersJson(bria, { image: IMAGE, base64: true })).toBe(false);
  });
});
