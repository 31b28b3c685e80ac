// #region sample
import { InferenceFailed, InferenceTimeout, Segmind } from '@segmind-ts/client';
// #endregion

/** `submitAsync` + `wait`: keep the request id, control the deadline and the polling. */
export async function submitAndWait() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const job = await segmind.submitAsync('background-eraser', {
    image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
    return_mask: true,
    grow_mask: 10,
  });
  console.log(job.requestId); // available at once

  try {
    const result = await job.wait({
      timeoutMs: 600_000,
      onStatus: (status) => console.log(status.status), // QUEUED, PROCESSING, COMPLETED
    });
    console.log(result.output);
  } catch (error) {
    if (error instanceof InferenceFailed) console.error('failed:', error.detail);
    else if (error instanceof InferenceTimeout) console.error('still running:', error.requestId);
    else throw error;
  }
  // #endregion
  return job;
}
