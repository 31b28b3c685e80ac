export { createDeadline, type Deadline } from './deadline.js';
export { type DownloadOptions, downloadOutput } from './download.js';
export { readEnv } from './env.js';
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
  SyncBase64Output,
  SyncImage,
  SyncOutput,
  UntypedResult,
} from './models.js';
export { ADAPTIVE_CAP_MS, ADAPTIVE_FIRST_MS } from './poll-schedule.js';
export {
  type AttemptContext,
  createRetryFetch,
  type RetryFetch,
  type RetryOptions,
} from './retry.js';
export { parseRateLimitReset, parseRetryAfter, retryDelayOf } from './retry-after.js';
export { type RunOptions, Segmind, type SegmindOptions } from './segmind.js';
export {
  API_KEY_ENV,
  BASE_URL_ENV,
  createTransport,
  DEFAULT_BASE_URL,
  resolveApiKey,
  resolveBaseUrl,
  type SegmindTransport,
  type TransportOptions,
} from './transport.js';
export type * from './types.js';
