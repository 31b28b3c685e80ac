/**
 * GENERATED FILE: do not edit by hand.
 *
 * Written by apps/docs/scripts/generate-samples.mjs from the model registry of @segmind-ts/spec
 * (MODELS, MODEL_EXAMPLES). Edit the spec, then run `pnpm gen` from the repository root.
 */
// #region sample
import { InferenceFailed, InferenceTimeout, Segmind } from '@segmind-ts/client';
// #endregion

/** Background Eraser through the v2 queue: `submitAsync`, then `wait`. */
export async function submitAndWait() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // Answers at once; the job then spends typically 1 s in the queue and 3 s processing.
  const job = await segmind.submitAsync('background-eraser', {
    // an http(s) URL of the image
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
    return_mask: false, // `true` answers the subject's mask instead
    invert_mask: false, // `true` inverts the mask
    grow_mask: 0, // a larger value grows the mask
    base64: false, // the image bytes; `true` answers JSON { image: '<base64>' }
  });
  console.log(job.requestId); // resume it elsewhere with segmind.job(requestId)

  try {
    const result = await job.wait({
      timeoutMs: 600_000,
      onStatus: (status) => console.log(status.status), // QUEUED, PROCESSING, COMPLETED
    });
    console.log(result.output); // URL of the picture with its background removed
  } catch (error) {
    if (error instanceof InferenceFailed) console.error('failed:', error.detail);
    else if (error instanceof InferenceTimeout) console.error('still running:', error.requestId);
    else throw error;
  }
  // #endregion
  return job;
}
