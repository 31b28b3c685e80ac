// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** Fetches the result of a job submitted earlier, from its request id. */
export async function fetchResult(requestId: string) {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // requestId: the `job.requestId` saved when the job was submitted
  const job = segmind.job(requestId);
  const result = await job.result(); // once the status is COMPLETED; job.wait() polls for you
  console.log(result);
  // #endregion
  return result;
}
