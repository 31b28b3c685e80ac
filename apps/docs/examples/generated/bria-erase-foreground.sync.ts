/**
 * GENERATED FILE: do not edit by hand.
 *
 * Written by apps/docs/scripts/generate-samples.mjs from the model registry of @segmind-ts/spec
 * (MODELS, MODEL_EXAMPLES). Edit the spec, then run `pnpm gen` from the repository root.
 */
// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** Bria Erase Foreground, the v1 call: one HTTP exchange that answers with the image bytes. */
export async function runSync() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // Blocks for the whole job, typically 12 s of processing.
  const { image, contentType, remainingCredits } = await segmind.runSync('bria-erase-foreground', {
    // an http(s) URL, or the image in base64 (bare or a data: URI)
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
    preserve_alpha: true,
    visual_input_content_moderation: false,
    visual_output_content_moderation: false,
  });
  console.log(contentType, image.byteLength, 'bytes'); // the picture with its subject erased
  console.log('credits left:', remainingCredits); // one call takes 3 credits
  // #endregion
  return { image, contentType, remainingCredits };
}
