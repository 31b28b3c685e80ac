import type { components, operations, paths } from './generated/schema.gen.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

/** Parameters of background-eraser. */
export type BackgroundEraserInput = Schemas['BackgroundEraserInput'];
/** Parameters of bria-erase-foreground. */
export type BriaEraseForegroundInput = Schemas['BriaEraseForegroundInput'];
/** The v1 background-eraser answer when `base64` is `true`. */
export type BackgroundEraserBase64Output = Schemas['BackgroundEraserBase64Output'];
/** The answer to a v2 submit. */
export type SubmitResponse = Schemas['SubmitResponse'];
/** The status of a job that has not failed (HTTP 200). */
export type StatusResponse = Schemas['StatusResponse'];
/** The body of a FAILED job (HTTP 422 on status and result). */
export type FailedResponse = Schemas['FailedResponse'];
/** The final body of a COMPLETED job. */
export type ResultResponse = Schemas['ResultResponse'];
/** The result endpoint's answer while the job is still running (HTTP 202). */
export type PendingResult = Schemas['PendingResult'];
/** The credit balance of the account behind the key: `{"credits", "free-credits"}`. */
export type UserCredits = Schemas['UserCredits'];
/** Every error body: `{"error": string}`. */
export type ErrorBody = Schemas['Error'];
/** The four states of a queued job. */
export type RequestStatus = StatusResponse['status'] | FailedResponse['status'];
