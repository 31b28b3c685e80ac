// #region sample
import { Segmind } from '@segmind-ts/client';

/** Fetches the result of a job submitted earlier, from its saved request id. */
export async function fetchResult(requestId: string) {
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const job = segmind.job(requestId); // the `job.requestId` saved when the job was submitted
  const result = await job.result(); // once the status is COMPLETED; job.wait() polls for you
  console.log(result);
  return result;
}
// #endregion
