// #region sample
import { Segmind } from '@segmind-ts/client';

/** Checks a job submitted earlier, possibly by another process, from its saved request id. */
export async function checkStatus(requestId: string) {
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const job = segmind.job(requestId); // the `job.requestId` saved when the job was submitted
  const status = await job.status(); // a FAILED job (HTTP 422) is returned, not thrown
  console.log(status.status); // QUEUED, PROCESSING, COMPLETED or FAILED
  return status;
}
// #endregion
