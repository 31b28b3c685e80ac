export { type DownloadOptions, downloadOutput } from './download.js';
export {
  AuthenticationError,
  BadGatewayError,
  BadRequestError,
  ConnectionError,
  createApiError,
  GatewayTimeoutError,
  InferenceFailed,
  InferenceTimeout,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestExpiredError,
  RequestTimeoutError,
  ResultPendingError,
  SegmindError,
  type SegmindErrorInit,
  ServerError,
} from './errors.js';
export { type BinaryInput, toBase64, toDataUri } from './images.js';
export { API_KEY_ENV, resolveApiKey } from './internal/api-key.js';
export { createDeadline, type Deadline } from './internal/deadline.js';
export { readEnv } from './internal/env.js';
export { ADAPTIVE_CAP_MS, ADAPTIVE_FIRST_MS } from './internal/poll-schedule.js';
export { parseRateLimitReset, parseRetryAfter, retryDelayOf } from './internal/retry-after.js';
export {
  DEFAULT_WAIT_TIMEOUT_MS,
  type JobJSON,
  type JobStatus,
  RETENTION_MS,
  type RequestOptions,
  SegmindJob,
  type WaitOptions,
  type WatchOptions,
} from './job.js';
export type { Logger } from './logger.js';
export type {
  Exact,
  InputArg,
  KnownModel,
  KnownModels,
  ModelArg,
  ModelInput,
  ModelName,
  ModelResult,
  SyncImage,
  SyncJsonOutput,
  SyncOutput,
  UntypedResult,
} from './models.js';
export {
  type AttemptContext,
  createRetryFetch,
  type RetryFetch,
  type RetryOptions,
} from './retry.js';
export { type RunOptions, Segmind, type SegmindOptions } from './segmind.js';
export {
  BASE_URL_ENV,
  createTransport,
  DEFAULT_BASE_URL,
  resolveBaseUrl,
  type SegmindTransport,
  type TransportOptions,
} from './transport.js';
export type * from './types.js';
