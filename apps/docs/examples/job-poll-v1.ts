// #region sample
import { Segmind } from '@segmind-ts/client';

/** Polls a job at its v1 `poll_url`, the endpoint kept for backward compatibility. */
export async function pollV1(requestId: string) {
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  // Prefer job.status() (the v2 status_url); the v1 poll's answers are not documented by Segmind.
  const { data, response } = await segmind.raw.GET('/v1/requests/{request_id}', {
    params: { path: { request_id: requestId } },
  });
  console.log(response.status, data?.status); // 200 QUEUED, PROCESSING or COMPLETED; 422 FAILED
  return { status: response.status, body: data };
}
// #endregion
