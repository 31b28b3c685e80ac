import { redact, redactHeaders } from './internal/redact.js';
import { retryDelayOf } from './internal/retry-after.js';
import type { FailedResponse } from './types.js';

/** What an error knows about the answer that caused it. */
export interface SegmindErrorInit {
  /** The HTTP status, when there was an answer. */
  status?: number | undefined;
  /** The server's `error` string, or a description of the failure. */
  error: string;
  /** The parsed body of the answer. */
  body?: unknown;
  /** The headers of the answer. */
  headers?: Headers | undefined;
  /** The job the request was about, when known. */
  requestId?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The base of every error the client throws, so that one `instanceof SegmindError` catches them
 * all (except an abort, which rejects with the signal's own reason).
 */
export class SegmindError extends Error {
  /** The HTTP status, or `undefined` when no answer came (connection failure, timeout). */
  readonly status: number | undefined;
  /** The server's `error` string (the only field Segmind's error bodies carry). */
  readonly error: string;
  /** The parsed body of the answer, when there was one. */
  readonly body: unknown;
  /** The headers of the answer, when there was one. */
  readonly headers: Headers | undefined;
  /**
   * The job the request was about, when known; else the id the server gave the call in
   * `x-request-id`, when it sent one.
   */
  readonly requestId: string | undefined;

  constructor(init: SegmindErrorInit, message?: string) {
    super(
      message ?? (init.status === undefined ? init.error : `${init.status} ${init.error}`),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = new.target.name;
    this.status = init.status;
    this.error = init.error;
    this.body = init.body;
    this.headers = init.headers;
    this.requestId = init.requestId;
  }
}

/** 400: a parameter is missing, has the wrong type or is out of range. */
export class BadRequestError extends SegmindError {}
/** 401: the API key is missing or not valid. */
export class AuthenticationError extends SegmindError {}
/** 403: the key may not use this model or endpoint. */
export class PermissionDeniedError extends SegmindError {}
/** 404: no such model, or no such job. */
export class NotFoundError extends SegmindError {}

/**
 * 404 for a job that has expired: Segmind stores a job's status and result for `RETENTION_MS`
 * after its submission. A job handle raises it instead of a plain {@link NotFoundError} for a job
 * it knows existed (submitted through a client, resumed from the JSON of such a handle, or
 * answered for earlier); for a bare id never seen, the id could as well be wrong, and a plain
 * {@link NotFoundError} is raised.
 */
export class RequestExpiredError extends NotFoundError {}

/** 406: the account has too few credits left for this model. */
export class InsufficientCreditsError extends SegmindError {}

/** 429: too many requests for the key's plan. */
export class RateLimitError extends SegmindError {
  /**
   * How long the server asked to wait, in milliseconds, when it said: its `Retry-After`, or else
   * the time left until its `x-rate-limit-reset-at-utc`. */
  readonly retryAfterMs: number | undefined;
  constructor(init: SegmindErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Any 5xx answer; the subclasses name the statuses Segmind documents. */
export class ServerError extends SegmindError {}
/** 500. */
export class InternalServerError extends ServerError {}
/** 502. */
export class BadGatewayError extends ServerError {}
/** 504. */
export class GatewayTimeoutError extends ServerError {}

/** No answer: the connection failed, was reset, or the name did not resolve. */
export class ConnectionError extends SegmindError {}

/** No answer within the request's timeout (`requestTimeoutMs`, or what remained of a deadline). */
export class RequestTimeoutError extends SegmindError {
  /** The timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Whether the timeout was what remained of the call's `timeoutMs` budget rather than
   * `requestTimeoutMs`: the budget is then spent, whatever the clock reads when the timer fires
   * (Node may fire one a millisecond early).
   */
  readonly fromDeadline: boolean;
  constructor(timeoutMs: number, requestId?: string, fromDeadline = false) {
    super({ error: `No answer within ${timeoutMs} ms`, requestId });
    this.timeoutMs = timeoutMs;
    this.fromDeadline = fromDeadline;
  }
}

/**
 * The result endpoint answered 202: the job is still QUEUED or PROCESSING. Use `job.wait()`, or
 * poll `job.status()` until COMPLETED before asking for the result.
 */
export class ResultPendingError extends SegmindError {}

/**
 * The job ended FAILED (content moderation blocks included), as in Segmind's Python SDK: raised
 * for any body announcing `status: "FAILED"`, whatever its HTTP status.
 */
export class InferenceFailed extends SegmindError {
  /** The server's reason, the FAILED body's `error`, or `unknown error` when it gave none. */
  readonly detail: string;
  /** The FAILED body, as the server sent it (its `error` may be missing or null). */
  readonly statusBody: FailedResponse;
  constructor(statusBody: FailedResponse, requestId: string | undefined, headers?: Headers) {
    const detail = typeof statusBody.error === 'string' ? statusBody.error : 'unknown error';
    super(
      { status: 422, error: detail, body: statusBody, headers, requestId },
      `Inference failed${requestId ? ` (request ${requestId})` : ''}: ${detail}`,
    );
    this.detail = detail;
    this.statusBody = statusBody;
  }
}

/** `run()` or `wait()` ran out of its `timeoutMs` budget before the job ended. */
export class InferenceTimeout extends SegmindError {
  /** How long the call had been running, in milliseconds. */
  readonly elapsedMs: number;
  constructor(requestId: string | undefined, elapsedMs: number, cause?: unknown) {
    super(
      { error: `Timed out after ${elapsedMs} ms`, requestId, cause },
      `Inference timed out after ${elapsedMs} ms${
        requestId
          ? ` (request ${requestId}; it may still finish: resume it with segmind.job())`
          : ''
      }`,
    );
    this.elapsedMs = elapsedMs;
  }
}

const byStatus: Record<number, typeof SegmindError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  406: InsufficientCreditsError,
  429: RateLimitError,
  500: InternalServerError,
  502: BadGatewayError,
  504: GatewayTimeoutError,
};

/**
 * Builds the error for an HTTP answer: THE one place that maps a status to its class. The
 * message is the body's `error` string when there is one. `secret` (the API key) is removed from
 * the message, the body and the headers, should the server echo it (see `redact` for the rule).
 */
export function createApiError(
  status: number,
  rawBody: unknown,
  headers: Headers,
  requestId?: string,
  secret?: string,
): SegmindError {
  const body = redact(rawBody, secret);
  const message =
    body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
      ? (body as { error: string }).error
      : typeof body === 'string' && body !== ''
        ? body.slice(0, 500)
        : `HTTP ${status}`;
  // The job's id when the call concerned one, else the id of the call the server sent, if any.
  const id = requestId ?? headers.get('x-request-id') ?? undefined;
  const init = {
    status,
    error: message,
    body,
    headers: redactHeaders(headers, secret),
    requestId: id,
  };
  if (status === 429) return new RateLimitError({ ...init, retryAfterMs: retryDelayOf(headers) });
  const ErrorClass = byStatus[status] ?? (status >= 500 ? ServerError : SegmindError);
  return new ErrorClass(init);
}
