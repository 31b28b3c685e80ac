// @ts-check
/**
 * A model's facts from the registry (`MODELS` of `@segmind-ts/spec`) in the words the docs use:
 * in the comments of the generated samples and in the models table. One place, so that the
 * samples and the table say the same thing about a model.
 */

/**
 * @typedef {import('@segmind-ts/spec').ModelFacts} ModelFacts
 * @typedef {import('@segmind-ts/spec').OutputEffect} OutputEffect
 * @typedef {import('@segmind-ts/spec').ImageForm} ImageForm
 */

/**
 * Milliseconds as seconds, as a reader says them: `3 s`, `12 s`, `7.5 s`, `0.25 s`.
 *
 * @param {number} ms
 * @returns {string}
 */
export function seconds(ms) {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/**
 * `1 credit`, `3 credits`.
 *
 * @param {number} cost
 * @returns {string}
 */
export function credits(cost) {
  return `${cost} ${cost === 1 ? 'credit' : 'credits'}`;
}

/** What the output picture shows, by `x-output`. */
const OUTPUT_SHOWS = Object.freeze({
  cutout: 'the picture with its background removed',
  erased: 'the picture with its subject erased',
});

/**
 * What a model's output shows for an input: the picture, or its mask when the input asks for
 * the mask (and an inverted one when it also asks to invert it).
 *
 * @param {ModelFacts} facts
 * @param {Readonly<Record<string, unknown>>} [input]
 * @returns {string}
 */
export function outputShows(facts, input = {}) {
  const { mask, invert } = facts.effects;
  if (mask && input[mask] === true) {
    return invert && input[invert] === true ? "the subject's inverted mask" : "the subject's mask";
  }
  return OUTPUT_SHOWS[facts.output] ?? 'the output picture';
}

/** What an input property with an `x-output-effect` does, as a comment beside its value. */
const EFFECT_NOTES = Object.freeze({
  mask: "`true` answers the subject's mask instead",
  invert: '`true` inverts the mask',
  grow: 'a larger value grows the mask',
  json: "the image bytes; `true` answers JSON { image: '<base64>' }",
});

/**
 * The note on an input property, or undefined for a property with no effect on the output.
 *
 * @param {ModelFacts} facts
 * @param {string} property
 * @returns {string | undefined}
 */
export function effectNote(facts, property) {
  const entry = Object.entries(facts.effects).find(([, name]) => name === property);
  return entry ? EFFECT_NOTES[/** @type {OutputEffect} */ (entry[0])] : undefined;
}

/**
 * How an image input may be given.
 *
 * @param {readonly ImageForm[]} forms
 * @returns {string}
 */
export function imageForms(forms) {
  const url = forms.includes('url');
  const base64 = forms.includes('base64');
  if (url && base64) return 'an http(s) URL, or the image in base64 (bare or a data: URI)';
  if (base64) return 'the image in base64 (bare or a data: URI)';
  return 'an http(s) URL of the image';
}
