/**
 * The bodies the kit reads from a target, typed by the spec's generated schemas. A target may
 * break a schema (the validator records that) and the rules still read on, so each field's value
 * is `unknown` until a rule checks it; but the fields themselves are the schema's: a field renamed
 * in the spec breaks `tsc` here instead of a check at run time.
 */
import type { components, ModelSlug, ModelTypes } from '@segmind-ts/spec';

/** The spec's named schemas, as openapi-typescript generates them. */
export type Schemas = components['schemas'];

/** A body as a target sent it: the fields of schema `T`, each possibly absent or wrong. */
export type Claimed<T> = { readonly [K in keyof T]?: unknown };

/** A v2 submit's answer. */
export type SubmitBody = Claimed<Schemas['SubmitResponse']>;
/** A status answer of a job that has not failed. */
export type StatusBody = Claimed<Schemas['StatusResponse']>;
/** The result of a job still waiting (202). */
export type PendingBody = Claimed<Schemas['PendingResult']>;
/** The result of a completed job. */
export type ResultBody = Claimed<Schemas['ResultResponse']>;
/** The status or result of a failed job (422). */
export type FailedBody = Claimed<Schemas['FailedResponse']>;
/** Any answer about a job, by status or result: each names the job and its state. */
export type JobBody = StatusBody | PendingBody | ResultBody | FailedBody;
/** Any error answer. */
export type ErrorBody = Claimed<Schemas['Error']>;
/** The credit balance. */
export type CreditsBody = Claimed<Schemas['UserCredits']>;
/** A job's measurements, in a status body. */
export type MetricsBody = Claimed<Schemas['Metrics']>;
/** The JSON a v1 call answers when a model's JSON effect is on (its image, base64). */
export type SyncJsonBody = Claimed<ModelTypes[ModelSlug]['syncJson']>;

/**
 * `json` read as a `Body` (one of the types above): itself when it is a JSON object, else an
 * empty one, which claims nothing.
 */
export function bodyOf<Body extends object>(json: unknown): Body {
  return (json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {}) as Body;
}
