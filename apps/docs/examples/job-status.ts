// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** Checks a job submitted earlier, possibly by another process, from its request id. */
export async function checkStatus(requestId: string) {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // requestId: the `job.requestId` saved when the job was submitted
  const job = segmind.job(requestId);
  const status = await job.status(); // a FAILED job (HTTP 422) is returned, not thrown
  console.log(status.status); // QUEUED, PROCESSING, COMPLETED or FAILED
  // #endregion
  return status;
}
