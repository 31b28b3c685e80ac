// The spec's generated types, from `@segmind-ts/spec`: the client keeps no copy of them, so a
// field renamed in the spec breaks the client's type check.
import type {
  JobState,
  components as SpecComponents,
  operations as SpecOperations,
  paths as SpecPaths,
} from '@segmind-ts/spec';

/** Every path of the spec, with its operations' parameters, bodies and answers. */
export type paths = SpecPaths;
/** The spec's schemas, parameters and responses. */
export type components = SpecComponents;
/** The spec's operations, by `operationId`. */
export type operations = SpecOperations;

type Schemas = components['schemas'];

/** Parameters of background-eraser (the spec's `BackgroundEraserInput`). */
export type BackgroundEraserInput = Schemas['BackgroundEraserInput'];
/** Parameters of bria-erase-foreground (the spec's `BriaEraseForegroundInput`). */
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
/** The states of a queued job: the spec's `JobState`. */
export type RequestStatus = JobState;
