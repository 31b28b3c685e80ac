import { RETENTION_MS as SPEC_RETENTION_MS } from '@segmind-ts/spec';
import {
  ConnectionError,
  type InferenceFailed,
  InferenceTimeout,
  type RateLimitError,
  RequestExpiredError,
  RequestTimeoutError,
  ResultPendingError,
  SegmindError,
} from './errors.js';
import { createDeadline, type Deadline, NO_DEADLINE } from './internal/deadline.js';
import { createPollSchedule, typicalDurationOf } from './internal/poll-schedule.js';
import { sleep } from './internal/sleep.js';
import type { Logger } from './logger.js';
import type { ModelResult } from './models.js';
import { RETRY_STATUSES } from './retry.js';
import type { FailedResponse, StatusResponse } from './types.js';

/** How long Segmind keeps a job's status and result after its submission, in ms (the spec's). */
export const RETENTION_MS: number = SPEC_RETENTION_MS;

/** Default `timeoutMs` of `wait()` and `run()`: ten minutes, as in Segmind's Python SDK. */
export const DEFAULT_WAIT_TIMEOUT_MS = 600_000;

/** What `job.status()` answers: the status body, or the FAILED body (served with HTTP 422). */
export type JobStatus = StatusResponse | FailedResponse;

/** A job handle as plain JSON, to store it and resume the job elsewhere with `segmind.job()`. */
export interface JobJSON<M extends string = string> {
  /** The job's id. */
  requestId: string;
  /** Absolute URL of the job's status endpoint. */
  statusUrl: string;
  /** Absolute URL of the job's result endpoint. */
  responseUrl: string;
  /** The model slug, when known. */
  model?: M | undefined;
  /**
   * When the job was submitted, in ms since the epoch (the submitting machine's clock), when
   * known. Its presence tells a resumed handle that the job was really submitted, so that a 404
   * means it expired ({@link RequestExpiredError}).
   */
  submittedAt?: number | undefined;
  /** When this handle saw the job end, in ms since the epoch, when it did. Informational. */
  endedAt?: number | undefined;
  /** The job's server time (`metrics.inference_time`) in ms, when known. */
  inferenceTimeMs?: number | undefined;
}

/** Options of a single request. */
export interface RequestOptions {
  /** Aborts the request (and any retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Options of `job.watch()`. */
export interface WatchOptions extends RequestOptions {
  /**
   * A fixed wait between polls, in ms. Without it polling is timed by the model's typical
   * duration from the spec (at once, 250 ms later, at half and at the end of the typical
   * duration, then every 500 ms, backing off to 2 s when the job runs long); for a model the
   * spec does not list, 250 ms doubling to 2 s.
   */
  intervalMs?: number | undefined;
}

/** Options of `job.wait()` (and of `segmind.run()`). */
export interface WaitOptions extends WatchOptions {
  /**
   * One budget in ms for the whole call: every request, retry and wait (for `run`, the submit
   * too). Past it the call throws {@link InferenceTimeout}. Default 600 000 (10 minutes).
   */
  timeoutMs?: number | undefined;
  /** Called with each new status, in order, the terminal one included. */
  onStatus?: ((status: JobStatus) => void) | undefined;
}

/** Internal key by which `run()` hands its deadline, already started by the submit, to `wait()`. */
export const deadlineKey: unique symbol = Symbol('segmind.deadline');

/** Per-call options inside the client, with the shared deadline. */
export interface CallOptions extends RequestOptions {
  deadline?: Deadline | undefined;
}

/** What a job handle needs from its client: one GET and the error factories. */
export interface JobTransport {
  /**
   * GETs `url` through the retry policy with the API key; the body is parsed JSON. Whatever it
   * throws (but an abort's reason) is a {@link SegmindError} carrying `requestId`.
   */
  get(
    url: string,
    kind: 'status' | 'result',
    requestId: string,
    options: CallOptions,
  ): Promise<{ body: unknown; response: Response }>;
  /** Maps an answer to its error class, redacted. */
  error(response: Response, body: unknown, requestId: string): SegmindError;
  /** The {@link InferenceFailed} of a FAILED body, redacted. */
  failed(body: FailedResponse, requestId: string | undefined, headers?: Headers): InferenceFailed;
  /** The {@link ResultPendingError} of a 202 answer of the result endpoint, redacted. */
  pending(response: Response, body: unknown, requestId: string): ResultPendingError;
  /** Where milestones are reported. */
  logger?: Logger | undefined;
}

const isTerminal = (status: string): boolean => status === 'COMPLETED' || status === 'FAILED';

/**
 * Whether a body announces a FAILED job. As in Segmind's Python SDK, the body decides, not the
 * HTTP status (422 by the spec) nor the type of its `error`.
 */
export const isFailedBody = (body: unknown): body is FailedResponse =>
  (body as { status?: unknown } | undefined)?.status === 'FAILED';

/**
 * Whether a failed request says nothing about the job: a 429 or 5xx the retry policy retries, a
 * connection failure, a request timeout that left budget, or (for the result of a job seen
 * COMPLETED) a 202 of a result endpoint lagging behind the status. `wait()` goes on through these.
 */
const isTransient = (error: unknown): boolean =>
  error instanceof ConnectionError ||
  error instanceof ResultPendingError ||
  (error instanceof RequestTimeoutError && !error.fromDeadline) ||
  (error instanceof SegmindError && RETRY_STATUSES.has(error.status as number));

const hasStatus = (body: unknown): body is { status: string } =>
  !!body && typeof body === 'object' && typeof (body as { status?: unknown }).status === 'string';

/**
 * A handle on a queued job (a v2 submit), from `segmind.submitAsync()` or rebuilt with
 * `segmind.job()`. It polls the absolute `status_url` and `response_url` the server gave, as
 * Segmind's Python SDK does.
 *
 * Reads are fresh unless named otherwise: `status()` and `result()` always ask the server, so a
 * job the server no longer keeps gives {@link RequestExpiredError} however long ago this handle
 * saw it complete. `lastStatus` and `cachedResult` are what this handle last received, without a
 * request (an output URL in a cached result stops working when the job expires, `RETENTION_MS`
 * after its submission). `wait()` does not poll a job it has seen end (states only move forward)
 * but fetches its result fresh.
 */
export class SegmindJob<M extends string = string> {
  /** The job's id. */
  readonly requestId: string;
  /** Absolute URL of the job's status endpoint. */
  readonly statusUrl: string;
  /** Absolute URL of the job's result endpoint. */
  readonly responseUrl: string;
  /** The model slug, when known. */
  readonly model: M | undefined;
  /** When the job was submitted, in ms since the epoch, when known. */
  readonly submittedAt: number | undefined;

  readonly #transport: JobTransport;
  #endedAt: number | undefined;
  #inferenceTimeMs: number | undefined;
  /** Whether the job is known to have existed: submitted through a client, or answered for. */
  #known: boolean;
  #lastStatus: JobStatus | undefined;
  #terminal: JobStatus | undefined;
  #result: ModelResult<M> | undefined;

  /** Use `segmind.submitAsync()` or `segmind.job()` rather than this constructor. */
  constructor(transport: JobTransport, init: JobJSON<M>) {
    this.#transport = transport;
    this.requestId = init.requestId;
    this.statusUrl = init.statusUrl;
    this.responseUrl = init.responseUrl;
    this.model = init.model;
    this.submittedAt = init.submittedAt;
    this.#endedAt = init.endedAt;
    this.#inferenceTimeMs = init.inferenceTimeMs;
    this.#known = init.submittedAt !== undefined || init.endedAt !== undefined;
  }

  /**
   * The last status body this handle received (from `status()`, `wait()`, `watch()` or a
   * result), without a request; `undefined` before the first. Use `status()` for the server's
   * current answer.
   */
  get lastStatus(): JobStatus | undefined {
    return this.#lastStatus;
  }

  /**
   * The final body this handle last fetched (by `result()`, `wait()` or `run()`), without a
   * request; `undefined` before. It may be stale: the server drops a job and its output
   * `RETENTION_MS` after its submission. Use `result()` for the server's current answer.
   */
  get cachedResult(): ModelResult<M> | undefined {
    return this.#result;
  }

  /**
   * The job's status body, fresh from the server. A FAILED job (HTTP 422) gives its FAILED body
   * rather than an error. A 404 is {@link RequestExpiredError} for a job this handle knows was
   * submitted, else {@link NotFoundError}.
   */
  async status(options: RequestOptions = {}): Promise<JobStatus> {
    return this.#status(options);
  }

  /**
   * The job's final body, fresh from the server (see `cachedResult` for the last one fetched).
   * Throws {@link InferenceFailed} for a FAILED job, {@link ResultPendingError} while it is still
   * running, and {@link RequestExpiredError} once the server no longer keeps a job this handle
   * knows was submitted.
   */
  async result(options: RequestOptions = {}): Promise<ModelResult<M>> {
    return this.#fetchResult(options);
  }

  /**
   * Polls until the job ends and returns its final body: at once, then adaptively (or every
   * `intervalMs`). On FAILED it throws {@link InferenceFailed} without fetching the result (the
   * status body carries the error). Past `timeoutMs` it throws {@link InferenceTimeout}; the job
   * may still finish, and this handle can wait again. A handle that has seen the job end polls no
   * more and fetches the result at once.
   *
   * A poll or the result fetch that still fails after the retry policy's retries with a 429, a
   * 5xx, a connection failure or a request timeout is reported to `logger.warn` and tried again
   * on the polling schedule within `timeoutMs` (the {@link InferenceTimeout} then has the last
   * failure as its `cause`): a job that completed is not lost to a passing failure. Any other
   * error (401, 403, 404, ...) is thrown at once. Every error carries `requestId`.
   */
  async wait(options: WaitOptions = {}): Promise<ModelResult<M>> {
    const deadline =
      (options as { [deadlineKey]?: Deadline })[deadlineKey] ??
      createDeadline(options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    try {
      for await (const status of this.#statuses(options, deadline, true)) {
        options.onStatus?.(status);
        if (isFailedBody(status)) throw this.#transport.failed(status, this.requestId);
        if (status.status === 'COMPLETED') return await this.#finalResult(options, deadline);
      }
    } catch (error) {
      if (error instanceof RequestTimeoutError && (error.fromDeadline || deadline.expired())) {
        throw new InferenceTimeout(this.requestId, deadline.elapsed(), error);
      }
      throw error;
    }
    // #statuses only ends after a terminal status, handled above.
    throw new InferenceTimeout(this.requestId, deadline.elapsed());
  }

  /**
   * Yields each status change, from the first poll to the terminal status (COMPLETED or
   * FAILED, which is yielded, not thrown), then ends. Polls as `wait()` does, from the server
   * every time, with no overall timeout; abort with `signal` or by leaving the loop. Having no
   * budget to bound them, it does not poll through failures as `wait()` does: a poll that fails
   * after the retry policy's retries ends the loop with its error.
   */
  watch(options: WatchOptions = {}): AsyncGenerator<JobStatus, void, undefined> {
    return this.#statuses(options, NO_DEADLINE);
  }

  /** The handle as plain JSON, for `segmind.job()` in another process. */
  toJSON(): JobJSON<M> {
    return {
      requestId: this.requestId,
      statusUrl: this.statusUrl,
      responseUrl: this.responseUrl,
      model: this.model,
      submittedAt: this.submittedAt,
      endedAt: this.#endedAt,
      inferenceTimeMs: this.#inferenceTimeMs,
    };
  }

  /**
   * Polls and yields each status change. With `forWait`, a job already seen to end is not polled
   * again (its terminal status is yielded at once), and a transient failure of a poll (see
   * `isTransient`) is logged and the next poll follows on the schedule, no sooner than a 429's
   * `Retry-After`, while the deadline allows: one failure must not end the wait of a job that is
   * running, and paid for. Other errors end the polling at once.
   */
  async *#statuses(
    options: WatchOptions,
    deadline: Deadline,
    forWait = false,
  ): AsyncGenerator<JobStatus, void, undefined> {
    if (forWait && this.#terminal) {
      yield this.#terminal;
      return;
    }
    // Timed by the model's typical duration from the spec, from its submission when known.
    const nextWait = createPollSchedule({
      intervalMs: options.intervalMs,
      typical: typicalDurationOf(this.model),
      submittedAt: this.submittedAt,
    });
    let last: string | undefined;
    let failure: unknown;
    for (;;) {
      if (deadline.expired()) {
        throw new InferenceTimeout(this.requestId, deadline.elapsed(), failure);
      }
      let status: JobStatus | undefined;
      try {
        status = await this.#status({ signal: options.signal, deadline });
        failure = undefined;
      } catch (error) {
        if (!forWait || !isTransient(error)) throw error;
        failure = error;
        this.#reportFailure('poll', error);
      }
      if (status && status.status !== last) {
        last = status.status;
        this.#transport.logger?.info?.('segmind: job status', {
          requestId: this.requestId,
          status: status.status,
        });
        yield status;
      }
      if (status && isTerminal(status.status)) return;
      await this.#pause(nextWait, failure, deadline, options.signal);
    }
  }

  /**
   * The result of a job seen COMPLETED, for `wait()`: fetched, and fetched again on the polling
   * schedule after a transient failure, until the deadline. The status said the job is done and
   * paid for; one 503 of the result endpoint must not turn that into an error.
   */
  async #finalResult(options: WatchOptions, deadline: Deadline): Promise<ModelResult<M>> {
    // The job is done: its result is retried on the short adaptive schedule, not the model's.
    const nextWait = createPollSchedule({ intervalMs: options.intervalMs });
    let failure: unknown;
    for (;;) {
      if (deadline.expired()) {
        throw new InferenceTimeout(this.requestId, deadline.elapsed(), failure);
      }
      try {
        return await this.#fetchResult({ signal: options.signal, deadline });
      } catch (error) {
        if (!isTransient(error)) throw error;
        failure = error;
        this.#reportFailure('result', error);
      }
      await this.#pause(nextWait, failure, deadline, options.signal);
    }
  }

  #reportFailure(request: 'poll' | 'result', error: unknown): void {
    this.#transport.logger?.warn?.(`segmind: ${request} failed`, {
      requestId: this.requestId,
      reason: (error as SegmindError).status ?? (error as Error).name,
    });
  }

  /** The wait before the next try: the schedule's, no less than a 429's Retry-After, within the deadline. */
  #pause(
    nextWait: () => number,
    failure: unknown,
    deadline: Deadline,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    // A 429's Retry-After (the only status the spec gives one) delays the next try.
    const retryAfterMs = (failure as RateLimitError | undefined)?.retryAfterMs ?? 0;
    return sleep(Math.min(Math.max(nextWait(), retryAfterMs), deadline.remaining()), signal);
  }

  async #status(options: CallOptions): Promise<JobStatus> {
    const { body, response } = await this.#transport.get(
      this.statusUrl,
      'status',
      this.requestId,
      options,
    );
    if (isFailedBody(body) || (response.ok && hasStatus(body))) {
      this.#record(body as JobStatus);
      return body as JobStatus;
    }
    throw this.#error(response, body);
  }

  async #fetchResult(options: CallOptions): Promise<ModelResult<M>> {
    const { body, response } = await this.#transport.get(
      this.responseUrl,
      'result',
      this.requestId,
      options,
    );
    if (isFailedBody(body)) {
      this.#record(body);
      throw this.#transport.failed(body, this.requestId, response.headers);
    }
    if (response.status === 202) {
      this.#known = true;
      throw this.#transport.pending(response, body, this.requestId);
    }
    if (response.ok && hasStatus(body) && body.status === 'COMPLETED') {
      this.#record(body as StatusResponse);
      this.#result = body as ModelResult<M>;
      return this.#result;
    }
    throw this.#error(response, body);
  }

  #record(status: JobStatus): void {
    this.#known = true;
    this.#lastStatus = status;
    const seconds = status.metrics?.inference_time;
    if (typeof seconds === 'number') this.#inferenceTimeMs = Math.round(seconds * 1000);
    if (isTerminal(status.status) && !this.#terminal) {
      this.#terminal = status;
      this.#endedAt ??= Date.now();
    }
  }

  /**
   * The error for an answer. The server's 404 is the truth about expiry: for a job this handle
   * knows existed (submitted through a client, resumed from the JSON of such a handle, or
   * answered for earlier) it is a {@link RequestExpiredError}; for a bare id never seen it could
   * as well be a wrong id, and stays a plain {@link NotFoundError}. No clock is consulted.
   */
  #error(response: Response, body: unknown): SegmindError {
    const error = this.#transport.error(response, body, this.requestId);
    if (response.status !== 404 || !this.#known) return error;
    return new RequestExpiredError(
      error,
      `404 ${error.error} (request ${this.requestId} has expired: Segmind keeps a job for ${RETENTION_MS / 60_000} minutes after its submission)`,
    );
  }
}
