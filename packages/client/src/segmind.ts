import { download } from './download.js';
import {
  createApiError,
  InferenceFailed,
  InferenceTimeout,
  RequestTimeoutError,
  ResultPendingError,
  SegmindError,
} from './errors.js';
import { resolveApiKey } from './internal/api-key.js';
import { createDeadline, type Deadline } from './internal/deadline.js';
import { redact, redactError, redactHeaders } from './internal/redact.js';
import { assertModelSlug, jobUrl, resultUrlOf, statusUrlOf } from './internal/urls.js';
import {
  type CallOptions,
  DEFAULT_WAIT_TIMEOUT_MS,
  deadlineKey,
  isFailedBody,
  type JobJSON,
  type JobTransport,
  type RequestOptions,
  SegmindJob,
  type WaitOptions,
} from './job.js';
import type { Logger } from './logger.js';
import type {
  InputArg,
  KnownModel,
  ModelArg,
  ModelInput,
  ModelName,
  ModelResult,
  SyncOutput,
} from './models.js';
import { createRetryFetch, type RetryFetch } from './retry.js';
import { createTransport, resolveBaseUrl, type SegmindTransport } from './transport.js';
import type { UserCredits } from './types.js';

/** Options of {@link Segmind}. */
export interface SegmindOptions {
  /** The API key, sent as `x-api-key`. Defaults to the `SEGMIND_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /**
   * Origin of the API, without `/v1` or `/v2`. Defaults to the `SEGMIND_BASE_URL` environment
   * variable (to point a program at a mock without changing it), then `https://api.segmind.com`.
   */
  baseUrl?: string | undefined;
  /** A `fetch` implementation, for tests, proxies or runtimes without a global one. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Retries of a failed request after the first attempt (see the retry rules). Default 2. */
  maxRetries?: number | undefined;
  /** Timeout of each request, in ms; within a `timeoutMs` budget, the smaller wins. Default 30 000. */
  requestTimeoutMs?: number | undefined;
  /** Where requests, retries and job milestones are reported. Never receives the API key. */
  logger?: Logger | undefined;
}

/** Options of `segmind.run()`: those of `job.wait()`, with `timeoutMs` covering the submit too. */
export type RunOptions = WaitOptions;

/**
 * The client of Segmind's serverless API.
 *
 * ```ts
 * const segmind = new Segmind(); // reads SEGMIND_API_KEY
 * const result = await segmind.run('background-eraser', { image: url, return_mask: false });
 * const png = await segmind.downloadOutput(result);
 * ```
 *
 * Retries follow one policy (see `createRetryFetch`): status and result GETs are retried on
 * connection failures, timeouts, 429, 500, 502, 503 and 504; a v2 submit or a v1 call is never
 * retried once the server may have accepted it (a 5xx, a timeout or a reset could mean a second
 * charge), only on 429 and on connection failures before sending. `Retry-After` is honoured.
 */
export class Segmind {
  /** The typed openapi-fetch client, with the API key and the retry policy, for any raw call. */
  readonly raw: SegmindTransport;
  /** The API origin in use. */
  readonly baseUrl: string;

  readonly #apiKey: string;
  readonly #retry: RetryFetch;
  readonly #logger: Logger | undefined;
  readonly #jobs: JobTransport;

  /**
   * @throws TypeError when no API key is given and `SEGMIND_API_KEY` is not set, rather than
   * letting every call fail with a 401.
   */
  constructor(options: SegmindOptions = {}) {
    this.#apiKey = resolveApiKey(options.apiKey);
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    this.#logger = options.logger;
    this.#retry = createRetryFetch({
      fetch: options.fetch,
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.requestTimeoutMs === undefined
        ? {}
        : { requestTimeoutMs: options.requestTimeoutMs }),
      logger: options.logger,
      secret: this.#apiKey,
    });
    this.raw = createTransport({
      apiKey: this.#apiKey,
      baseUrl: this.baseUrl,
      fetch: (request) => this.#retry(request),
    });
    this.#jobs = {
      get: (url, kind, requestId, call) => this.#get(url, kind, requestId, call),
      error: (response, body, requestId) => this.#error(response, body, requestId),
      failed: (body, requestId, headers) =>
        new InferenceFailed(
          redact(body, this.#apiKey),
          requestId,
          redactHeaders(headers, this.#apiKey),
        ),
      pending: (response, body, requestId) => {
        const status = (body as { status?: unknown } | undefined)?.status;
        return new ResultPendingError({
          status: 202,
          error: `The job is still ${typeof status === 'string' ? status : 'running'}`,
          body: redact(body, this.#apiKey),
          headers: redactHeaders(response.headers, this.#apiKey),
          requestId,
        });
      },
      logger: this.#logger,
    };
  }

  /**
   * Submits a job and waits for its final body: `submitAsync` then `job.wait`, under ONE
   * `timeoutMs` budget (default 10 minutes) for the submit, every poll, retry and wait.
   * Throws {@link InferenceFailed} when the job fails and {@link InferenceTimeout} past the
   * budget (with `requestId` when the submit got through: resume with `segmind.job(id)`).
   */
  async run<M extends ModelName, I extends ModelInput<M>>(
    model: ModelArg<M>,
    input: InputArg<M, I>,
    options: RunOptions = {},
  ): Promise<ModelResult<M>> {
    const deadline = createDeadline(options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    let job: SegmindJob<M>;
    try {
      job = await this.#submit(model as M, input, { signal: options.signal, deadline });
    } catch (error) {
      if (error instanceof RequestTimeoutError && (error.fromDeadline || deadline.expired())) {
        throw new InferenceTimeout(undefined, deadline.elapsed(), error);
      }
      throw error;
    }
    return job.wait({ ...options, [deadlineKey]: deadline } as WaitOptions);
  }

  /**
   * Queues a job (v2 submit) and returns its handle at once. The submit is not retried once the
   * server may have accepted it (see the class notes): a retry could charge twice.
   */
  async submitAsync<M extends ModelName, I extends ModelInput<M>>(
    model: ModelArg<M>,
    input: InputArg<M, I>,
    options: RequestOptions = {},
  ): Promise<SegmindJob<M>> {
    return this.#submit(model as M, input, options);
  }

  /**
   * Runs a model synchronously (v1): one request that answers when the image is ready. Answers
   * `{ image: Uint8Array, contentType, remainingCredits, requestId }`, or the JSON body with
   * `remainingCredits` and `requestId` when the server answers JSON (a model whose spec names an
   * input property that turns its answer into JSON, set `true`). `remainingCredits` and `requestId` are `undefined` when the server sends no
   * `x-remaining-credits` or `x-request-id`.
   * Throws {@link InferenceFailed} for a FAILED body. Never retried once sent, like a submit.
   */
  async runSync<M extends ModelName, I extends ModelInput<M>>(
    model: ModelArg<M>,
    input: InputArg<M, I>,
    options: RequestOptions = {},
  ): Promise<SyncOutput<M, I>> {
    assertModelSlug(model);
    const { data, error, response } = await this.raw.POST(`/v1/${model}` as `/v1/${KnownModel}`, {
      body: input as never,
      parseAs: 'arrayBuffer',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const contentType = response.headers.get('content-type') ?? '';
    // The JSON body, of a success (base64 output) or of an error; a FAILED one is a failure
    // whatever the HTTP status, as in Segmind's Python SDK.
    const body =
      response.ok && data !== undefined && /[/+]json\b/i.test(contentType)
        ? (JSON.parse(new TextDecoder().decode(data as ArrayBuffer)) as unknown)
        : error;
    if (isFailedBody(body)) throw this.#jobs.failed(body, body.request_id, response.headers);
    if (!response.ok || data === undefined) throw this.#error(response, error);
    const credits = Number(response.headers.get('x-remaining-credits') ?? Number.NaN);
    const remainingCredits = Number.isFinite(credits) ? credits : undefined;
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (body !== undefined) {
      return (
        body && typeof body === 'object' && !Array.isArray(body)
          ? { ...body, remainingCredits, requestId }
          : body
      ) as SyncOutput<M, I>;
    }
    return {
      image: new Uint8Array(data as ArrayBuffer),
      contentType,
      remainingCredits,
      requestId,
    } as SyncOutput<M, I>;
  }

  /**
   * The credit balance of the account behind the key (`GET /v1/get-user-credits`):
   * `{ credits, "free-credits" }`. It costs nothing, but counts against the key's rate limit;
   * it is retried as status polls are.
   */
  async credits(options: RequestOptions = {}): Promise<UserCredits> {
    const { data, error, response } = await this.raw.GET('/v1/get-user-credits', {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!response.ok || data === undefined) throw this.#error(response, error);
    return data;
  }

  /**
   * Rebuilds a job handle from its id or from `job.toJSON()`, to follow a job submitted
   * elsewhere. With an id alone the URLs are built from `baseUrl`; the JSON of a submitted job
   * tells the handle the job existed, so that a 404 is {@link RequestExpiredError}, whereas for a
   * bare id never seen it stays a plain `NotFoundError` (the id could be wrong).
   *
   * Name the model to type the handle by it: `segmind.job(id, 'bria-erase-foreground')`, or
   * `segmind.job(JSON.parse(stored), 'bria-erase-foreground')` for JSON read back from storage
   * (untyped). The model is checked against the one the JSON records, and kept in `toJSON()`.
   *
   * @throws TypeError without a request id, or when the JSON records another model.
   */
  job<M extends ModelName>(requestIdOrJSON: string | JobJSON, model: ModelArg<M>): SegmindJob<M>;
  job<M extends ModelName = string>(requestIdOrJSON: string | JobJSON<M>): SegmindJob<M>;
  job<M extends ModelName>(requestIdOrJSON: string | JobJSON<M>, model?: M): SegmindJob<M> {
    const init =
      typeof requestIdOrJSON === 'string' ? { requestId: requestIdOrJSON } : requestIdOrJSON;
    const { requestId } = init ?? {};
    if (typeof requestId !== 'string' || requestId === '') {
      throw new TypeError('segmind.job() needs a request id or the JSON of a job');
    }
    const json = init as Partial<JobJSON<M>>;
    if (model !== undefined) {
      assertModelSlug(model);
      if (json.model !== undefined && json.model !== model) {
        throw new TypeError(
          `segmind.job(): job ${requestId} was submitted to ${JSON.stringify(json.model)}, not ${JSON.stringify(model)}`,
        );
      }
    }
    return new SegmindJob<M>(this.#jobs, {
      ...json,
      requestId,
      model: json.model ?? model,
      statusUrl: jobUrl(json.statusUrl, this.baseUrl, statusUrlOf(this.baseUrl, requestId)),
      responseUrl: jobUrl(json.responseUrl, this.baseUrl, resultUrlOf(this.baseUrl, requestId)),
    });
  }

  /**
   * Downloads a job's output image and returns its bytes, WITHOUT the API key (the output URL is
   * public and may be on another host), through the same retry policy as status polls.
   */
  async downloadOutput(
    result: { output: unknown } | string,
    options: RequestOptions = {},
  ): Promise<Uint8Array> {
    return download(result, options.signal, this.#retry);
  }

  async #submit<M extends string>(
    model: M,
    input: unknown,
    call: CallOptions,
  ): Promise<SegmindJob<M>> {
    assertModelSlug(model);
    const { data, error, response } = await this.raw.POST(`/v2/${model}` as `/v2/${KnownModel}`, {
      body: input as never,
      ...(call.signal ? { signal: call.signal } : {}),
      fetch: (request) => this.#retry(request, { deadline: call.deadline }),
    });
    if (!response.ok || !data || typeof data.request_id !== 'string' || data.request_id === '') {
      throw this.#error(response, error ?? data);
    }
    const requestId = data.request_id;
    this.#logger?.info?.('segmind: job submitted', { model, requestId });
    return new SegmindJob<M>(this.#jobs, {
      requestId,
      // Follow the server's URLs, as Segmind's Python SDK does, when they are on the API's origin.
      statusUrl: jobUrl(data.status_url, this.baseUrl, statusUrlOf(this.baseUrl, requestId)),
      responseUrl: jobUrl(data.response_url, this.baseUrl, resultUrlOf(this.baseUrl, requestId)),
      model,
      submittedAt: Date.now(),
    });
  }

  async #get(url: string, kind: 'status' | 'result', requestId: string, call: CallOptions) {
    const deadline: Deadline | undefined = call.deadline;
    let status: number | undefined;
    const init = {
      params: { path: { request_id: requestId } },
      ...(call.signal ? { signal: call.signal } : {}),
      // The typed path gives the body types; the request goes to the server's absolute URL. The
      // retry policy names the job on the errors of failures without an answer.
      fetch: async (request: Request) => {
        const response = await this.#retry(new Request(url, request), { deadline, requestId });
        status = response.status;
        return response;
      },
    };
    try {
      const { data, error, response } =
        kind === 'status'
          ? await this.raw.GET('/v2/requests/{request_id}/status', init)
          : await this.raw.GET('/v2/requests/{request_id}', init);
      return { body: data ?? error, response };
    } catch (error) {
      // openapi-fetch parses a 2xx body as JSON and throws when it is not (a proxy's HTML page,
      // a cut body): still an error of this job, which must keep its id. (Errors of the retry
      // policy carry it already; an abort rejects with the caller's own reason.)
      if (!(error instanceof SyntaxError)) throw error;
      throw new SegmindError({
        status,
        error: `The answer is not valid JSON: ${redact(error.message, this.#apiKey)}`,
        requestId,
        cause: redactError(error, this.#apiKey),
      });
    }
  }

  #error(response: Response, body: unknown, requestId?: string) {
    return createApiError(response.status, body, response.headers, requestId, this.#apiKey);
  }
}
