/**
 * GENERATED FILE: do not edit by hand.
 *
 * Written by apps/docs/scripts/generate-samples.mjs from the model registry of @segmind-ts/spec
 * (MODELS, MODEL_EXAMPLES). Edit the spec, then run `pnpm gen` from the repository root.
 */
// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** Background Eraser, the v1 call: one HTTP exchange that answers with the image bytes. */
export async function runSync() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // Blocks for the whole job, typically 3 s of processing.
  const { image, contentType, remainingCredits } = await segmind.runSync('background-eraser', {
    // an http(s) URL of the image
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
    return_mask: false, // `true` answers the subject's mask instead
    invert_mask: false, // `true` inverts the mask
    grow_mask: 0, // a larger value grows the mask
    base64: false, // the image bytes; `true` answers JSON { image: '<base64>' }
  });
  console.log(contentType, image.byteLength, 'bytes'); // the picture with its background removed
  console.log('credits left:', remainingCredits); // one call takes 1 credit
  // #endregion
  return { image, contentType, remainingCredits };
}
