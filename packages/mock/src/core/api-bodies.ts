// The JSON bodies the mock answers on Segmind's API, each typed by the schema the spec documents
// for it (openapi-typescript's `components` of `@segmind-ts/spec`). Each builder returns a fresh
// literal of its schema's type, so a field renamed, added as required or removed in the spec
// fails `tsc` here rather than a test at run time.
import type { components, ModelSlug, ModelTypes } from '@segmind-ts/spec';
import { inferenceSeconds, outputPath } from './job-view.js';
import type { Job } from './store.js';

type Schemas = components['schemas'];

/** Every error answer of the API: `{"error": string}`. */
export function errorBody(error: string): Schemas['Error'] {
  return { error };
}

/** Where a job's status and result are, on `origin`. */
function urlsOf(origin: string, id: string) {
  const responseUrl = `${origin}/v2/requests/${id}`;
  return { statusUrl: `${responseUrl}/status`, responseUrl };
}

/** `POST /v2/{model}`: the job queued, with its absolute URLs. */
export function submitBody(id: string, origin: string): Schemas['SubmitResponse'] {
  const urls = urlsOf(origin, id);
  return {
    request_id: id,
    status: 'QUEUED',
    status_url: urls.statusUrl,
    response_url: urls.responseUrl,
    poll_url: `${origin}/v1/requests/${id}`,
  };
}

/**
 * `GET /v2/requests/{id}/status` of a job that has not failed, as Segmind's docs show it: while
 * it waits, its URLs and empty metrics; once COMPLETED, the compute time.
 */
export function statusBody(
  job: Job,
  status: Schemas['StatusResponse']['status'],
  origin: string,
): Schemas['StatusResponse'] {
  if (status === 'COMPLETED') {
    return { request_id: job.id, status, metrics: { inference_time: inferenceSeconds(job) } };
  }
  const urls = urlsOf(origin, job.id);
  return {
    request_id: job.id,
    status,
    status_url: urls.statusUrl,
    response_url: urls.responseUrl,
    metrics: {},
  };
}

/** `GET /v2/requests/{id}` (202) of a job still waiting: the status body again. */
export function pendingResultBody(
  job: Job,
  status: Schemas['PendingResult']['status'],
  origin: string,
): Schemas['PendingResult'] {
  const urls = urlsOf(origin, job.id);
  return {
    request_id: job.id,
    status,
    status_url: urls.statusUrl,
    response_url: urls.responseUrl,
    metrics: {},
  };
}

/** The status and the result of a job that ended FAILED (422). */
export function failedBody(job: Job, error: string): Schemas['FailedResponse'] {
  return {
    request_id: job.id,
    status: 'FAILED',
    error,
    metrics: { inference_time: inferenceSeconds(job) },
  };
}

/** `GET /v2/requests/{id}` of a COMPLETED job: where its output picture is. */
export function resultBody(job: Job, origin: string): Schemas['ResultResponse'] {
  return {
    request_id: job.id,
    status: 'COMPLETED',
    output: `${origin}${outputPath(job.id)}`,
    metrics: { inference_time: inferenceSeconds(job) },
    error: null,
  };
}

/** `GET /v1/get-user-credits`: one balance per key, so `free-credits` is 0. */
export function creditsBody(credits: number): Schemas['UserCredits'] {
  return { credits, 'free-credits': 0 };
}

/** The v1 JSON answer of every model that has one: the output picture in base64. */
export type SyncJsonBody = ModelTypes[ModelSlug]['syncJson'];

/** `POST /v1/{model}` answering JSON (a model's `json` effect turned on). */
export function syncJsonBody(base64: string): SyncJsonBody {
  return { image: base64 };
}
