import { ConnectionError, RequestTimeoutError } from './errors.js';
import { assertDuration, type Deadline, NO_DEADLINE } from './internal/deadline.js';
import { errorCode, failedBeforeSending } from './internal/network-error.js';
import { redact, redactError } from './internal/redact.js';
import { retryDelayOf } from './internal/retry-after.js';
import { sleep as defaultSleep, type Sleep } from './internal/sleep.js';
import type { Logger } from './logger.js';

/** Options of {@link createRetryFetch}. */
export interface RetryOptions {
  /** The `fetch` that sends each attempt. Defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Timeout of each attempt, in ms, cut further by a deadline. Default 30 000. */
  requestTimeoutMs?: number;
  /** First backoff ceiling, in ms; doubles per retry. Default 500. */
  baseDelayMs?: number;
  /** Largest backoff ceiling, in ms. Default 8 000. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` (or rate-limit reset) the client waits for, in ms. A server asking for more gets its
   * error passed to the caller at once rather than a silent long block. Default 60 000.
   */
  maxRetryAfterMs?: number;
  /** Where retries are reported. */
  logger?: Logger | undefined;
  /** Source of jitter in [0, 1), for tests. Default `Math.random`. */
  random?: () => number;
  /** The wait between attempts, for tests. Default: an abortable timer. */
  sleep?: Sleep;
  /** A secret (the API key) to remove from the messages of connection failures. */
  secret?: string | undefined;
}

/** Per-call context of a {@link RetryFetch}. */
export interface AttemptContext {
  /** The budget this request shares with the rest of its call. */
  deadline?: Deadline;
  /**
   * Whether the request may be sent twice without harm. Defaults to `true` for GET and HEAD,
   * `false` otherwise (a v2 submit or a v1 call costs credits).
   */
  idempotent?: boolean;
  /** The job the request is about, put on the errors of failures without an answer. */
  requestId?: string | undefined;
}

/** A `fetch` that applies the retry policy; openapi-fetch calls it with one `Request`. */
export type RetryFetch = (request: Request, context?: AttemptContext) => Promise<Response>;

/** Statuses a request that can be sent twice is retried on. */
export const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * THE retry policy of the client, as a `fetch` handed to openapi-fetch, so that middleware sees
 * one request and one final answer.
 *
 * - Each attempt sends a clone of the request with its own `AbortSignal`, which aborts on the
 *   caller's signal and on the attempt's timeout: the smaller of `requestTimeoutMs` and what
 *   remains of the call's deadline.
 * - Requests that can be sent twice (GET status, GET result, downloads) are retried on a
 *   connection failure, a timeout, and on 429, 500, 502, 503 and 504.
 * - A request that may cost credits (v2 submit, v1 call) is **never retried once the server may
 *   have accepted it**: not on a 5xx, a timeout or a reset, which could charge twice. It is
 *   retried only on 429 and on connection failures that prove nothing was sent (refused
 *   connection, name not resolved).
 * - The wait honours `Retry-After` (seconds or an HTTP date), or else the reset time of
 *   `x-rate-limit-reset-at-utc`, whichever the server sends; without either, exponential backoff
 *   with full jitter: a random wait in [0, min(maxDelayMs, baseDelayMs * 2^retry)).
 * - A wait that would outlast the deadline is not started: the last answer or error is returned
 *   at once. Aborting rejects with the signal's reason, during a request or a wait.
 * - Each answer's body is read in full inside its attempt, so the abort, the timeout and the
 *   deadline bound the body too; the answer comes back buffered (a `stream` parse gets the
 *   buffered bytes).
 *
 * After the last attempt the final answer is returned as is (the caller maps its status to an
 * error); a failure without an answer is thrown as {@link ConnectionError} or
 * {@link RequestTimeoutError}.
 */
export function createRetryFetch(options: RetryOptions = {}): RetryFetch {
  const {
    maxRetries = 2,
    requestTimeoutMs = 30_000,
    baseDelayMs = 500,
    maxDelayMs = 8_000,
    maxRetryAfterMs = 60_000,
    logger,
    random = Math.random,
    sleep = defaultSleep,
    secret,
  } = options;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`maxRetries must be an integer >= 0, got ${String(maxRetries)}`);
  }
  assertDuration('requestTimeoutMs', requestTimeoutMs);
  if (requestTimeoutMs === 0) throw new RangeError('requestTimeoutMs must be above 0');

  return async function retryFetch(request, context = {}) {
    const baseFetch = options.fetch ?? globalThis.fetch;
    const deadline = context.deadline ?? NO_DEADLINE;
    const idempotent =
      context.idempotent ?? (request.method === 'GET' || request.method === 'HEAD');
    for (let retry = 0; ; retry++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await attempt(request, baseFetch, requestTimeoutMs, deadline, {
          logger,
          secret,
          requestId: context.requestId,
        });
      } catch (error) {
        if (!(error instanceof ConnectionError || error instanceof RequestTimeoutError))
          throw error;
        failure = error;
      }
      const retryable = response
        ? response.status === 429 || (idempotent && RETRY_STATUSES.has(response.status))
        : idempotent || (failure instanceof ConnectionError && failedBeforeSending(failure));
      const retryAfterMs = response ? retryDelayOf(response.headers) : undefined;
      const delay = retryAfterMs ?? random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
      const giveUp =
        !retryable ||
        retry >= maxRetries ||
        (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) ||
        delay >= deadline.remaining();
      if (giveUp) {
        if (response) return response;
        throw failure;
      }
      logger?.warn?.('segmind: retrying', {
        method: request.method,
        url: request.url,
        reason: response ? response.status : (errorCode(failure) ?? (failure as Error).name),
        retry: retry + 1,
        delayMs: Math.round(delay),
      });
      await sleep(delay, request.signal);
    }
  };
}

/**
 * One attempt, with its own signal and timeout (the smaller of `requestTimeoutMs` and what remains
 * of the deadline); nothing stays scheduled when it ends.
 */
async function attempt(
  request: Request,
  baseFetch: typeof globalThis.fetch,
  requestTimeoutMs: number,
  deadline: Deadline,
  { logger, secret, requestId }: Pick<RetryOptions, 'logger' | 'secret'> & AttemptContext,
): Promise<Response> {
  const outer = request.signal;
  if (outer.aborted) throw outer.reason;
  const remaining = deadline.remaining();
  // When the deadline sets the timeout, its expiry is the deadline's, which the caller must not
  // have to tell from the clock: a timer may fire a millisecond before Date.now() reaches it.
  const fromDeadline = remaining <= requestTimeoutMs;
  const timeoutMs = fromDeadline ? remaining : requestTimeoutMs;
  if (timeoutMs <= 0) throw new RequestTimeoutError(0, requestId, true);
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  // A timer longer than 2^31 - 1 ms would fire at once, so very long timeouts mean none.
  const timer =
    timeoutMs < 2 ** 31
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new RequestTimeoutError(timeoutMs, requestId, fromDeadline));
        }, timeoutMs)
      : undefined;
  logger?.debug?.('segmind: request', { method: request.method, url: request.url });
  try {
    const response = await baseFetch(new Request(request.clone(), { signal: controller.signal }));
    // A fetch that resolves with `Response.error()` (an in-process handler) meant a failure.
    if (response.type === 'error') throw new TypeError('network error');
    // Read the whole body while the signal and the timer still guard it: a server that stalls
    // half-way through a body must not outlive an abort, the timeout or the deadline.
    // A 204, 205 or 304 answer has no body, and may not be given even an empty one.
    return new Response(response.body && (await response.arrayBuffer()), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    if (outer.aborted) throw outer.reason;
    if (timedOut) throw new RequestTimeoutError(timeoutMs, requestId, fromDeadline);
    const code = errorCode(error);
    throw new ConnectionError({
      error: redact(
        `Connection failed: ${String((error as Error)?.message ?? error)}${
          code ? ` (${code})` : ''
        }`,
        secret,
      ),
      cause: redactError(error, secret),
      requestId,
    });
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}
