import { SIMULATOR_DEFAULTS, withDefaults } from '../options/defaults.js';
import { idCounter } from './armed-ids.js';
import { createAuth } from './auth.js';
import { createClock, type MockClock } from './clock.js';
import type { SimulatorContext } from './context.js';
import { CONTROL_PREFIX, routeControl } from './control.js';
import { createCredits } from './credits.js';
import { createFaults, type FaultHit, type FaultOptions } from './faults.js';
import { type JobView, viewJob } from './job-view.js';
import { capText, JOURNAL_URL_LIMIT, Journal, type JournalEntry } from './journal.js';
import { faultedBodyMeta } from './journal-body.js';
import { nextTransition, statusAt } from './lifecycle.js';
import { DEFAULT_SEED, type SegmindMockOptions } from './options.js';
import { createOutcomes, type FailNextOptions } from './outcomes.js';
import { createRateLimiter } from './rate-limit.js';
import { failure, type Reply, toResponse, withDate } from './reply.js';
import type { RequestLike } from './request-like.js';
import { createRng, randomSeed } from './rng.js';
import { routeApi } from './router.js';
import type { HeaderSource } from './secrets.js';
import { createStallHint } from './stall-hint.js';
import type { RequestKind, RequestStep, SharedState } from './state.js';
import { JobStore } from './store.js';
import { createTimings } from './timings.js';
import { specValidators } from './validation.js';

/**
 * The simulator without any adapter, as {@link createSegmindMockCore} returns it. The main entry's
 * `SegmindMock` is this plus the MSW `handlers`.
 */
export interface SegmindMockCore {
  /**
   * Answers one fetch `Request` as Segmind would (and the control API under `/__mock/`).
   * Never rejects: bad input gets a 4xx, an injected network error resolves to
   * `Response.error()` (`type === 'error'`).
   */
  handle(request: Request): Promise<Response>;
  /**
   * The same answer as `handle`, before it becomes a `Response`: the status, the headers, and a
   * JSON value or bytes as `body` (`networkError: true` for an injected network error). For
   * adapters that write the answer themselves: the HTTP server builds no fetch object at all.
   * Never rejects.
   */
  reply(request: RequestLike): Promise<Reply>;
  /** The mock's clock: `mode`, `now()`, and `advance(ms)` when virtual or auto. */
  readonly clock: MockClock;
  /**
   * Makes the next job(s) end FAILED with `error` (by default the model's typical failure, its
   * `x-typical-failure` in the spec: see `defaultFailure`).
   */
  failNext(options?: FailNextOptions): void;
  /** Injects a status code or a network error for matching requests. @throws on a bad definition. */
  fault(options: FaultOptions): void;
  /** Every job not yet expired, oldest first. */
  jobs(): JobView[];
  /** One job, or `undefined` when unknown or expired. */
  job(id: string): JobView | undefined;
  /** The journal of requests and answers (control calls excluded), oldest first; a snapshot. */
  readonly requests: readonly JournalEntry[];
  /**
   * Back to the state right after creation: no jobs, journal, faults or failures; a virtual or
   * auto clock at its start (a real clock runs on from where it stands: it never goes back).
   */
  reset(): void;
}

function checkedPositive(name: string, value: number, integer = false): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
  if (integer && !Number.isInteger(value)) {
    throw new RangeError(`${name} must be an integer, got ${value}`);
  }
  return value;
}

/**
 * Creates a stateful simulator of Segmind's API: jobs that move QUEUED → PROCESSING →
 * COMPLETED/FAILED on a clock you control, bodies validated against the spec, keys, credits,
 * rate limits, scripted failures, faults and a journal.
 *
 * @throws RangeError or TypeError on an invalid option.
 */
export function createSegmindMockCore(given: SegmindMockOptions = {}): SegmindMockCore {
  // Every default comes from the option table (`src/options/table.ts`), as the command's do.
  const options = withDefaults(given, SIMULATOR_DEFAULTS);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(typeof seed === 'number' && Number.isFinite(seed))) {
    throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
  }
  const clock = createClock(options.clock, options.speed);
  const retentionMs = checkedPositive('retentionMs', options.retentionMs);
  const maxBodyBytes = checkedPositive('maxBodyBytes', options.maxBodyBytes, true);
  let baseOrigin: string | undefined;
  if (options.baseUrl !== undefined) {
    try {
      baseOrigin = new URL(options.baseUrl).origin;
    } catch {
      throw new TypeError(`baseUrl must be an absolute URL, got ${String(options.baseUrl)}`);
    }
  }
  const auth = createAuth(options.apiKeys);
  const { credits: creditOption } = options;
  const initialCredits = (key: string): number =>
    auth.settings(key)?.credits ??
    (typeof creditOption === 'number' ? creditOption : creditOption?.[key]) ??
    Number.POSITIVE_INFINITY;
  const models = specValidators().models;
  const stallHint = createStallHint(options.logger);
  // Request ids must never repeat while a client may still hold an old one (a job resumed after
  // a restart or a reset must not find someone else's job): without an explicit seed each mock
  // draws its own id stream, and a reset keeps the stream going.
  const idSeed = options.seed ?? randomSeed();
  const ids = createRng(idSeed, 1);
  const callIds = createRng(idSeed, 5);
  // One stream per concern, so that (say) a fault's draws never shift the ids of later jobs.
  const streams = () => ({
    ids,
    jitter: createRng(seed, 2),
    failures: createRng(seed, 3),
    faults: createRng(seed, 4),
  });
  let rngs = streams();
  // Ids of armed faults and failures go on counting across resets, as request ids do.
  const armedId = idCounter();
  const build = () => ({
    timings: createTimings(options.timings, rngs.jitter),
    outcomes: createOutcomes(options.failureRate, rngs.failures, armedId),
    faults: createFaults(rngs.faults, armedId),
  });
  const ctx: SimulatorContext = {
    clock,
    store: new JobStore(),
    journal: new Journal(options.journalSize, options.journalBytes),
    auth,
    credits: createCredits(initialCredits, options.costs),
    rateLimiter: createRateLimiter(options.rateLimit),
    ...build(),
    models,
    idRng: rngs.ids,
    callIdRng: callIds,
    baseOrigin,
    retentionMs,
    maxBodyBytes,
    adminToken: options.adminToken,
    polled(job) {
      if (clock.mode === 'real') return;
      const now = clock.now();
      const next = nextTransition(job, now);
      if (next === undefined) return;
      if (clock.mode === 'auto') clock.reach(next);
      else stallHint.polled(job.id, statusAt(job, now), now);
    },
    reset() {
      clock.reset();
      ctx.store.clear();
      ctx.journal.clear();
      ctx.credits.reset();
      ctx.rateLimiter.reset();
      rngs = streams();
      Object.assign(ctx, build(), { idRng: rngs.ids });
    },
  };
  // With a shared store, every request runs against the store's state instead of `ctx`'s.
  const shared: SharedState | undefined = options.store?.bind({
    ctx,
    seed,
    journalSize: options.journalSize,
    journalBytes: options.journalBytes,
    stallHint,
    initialCredits,
  });

  /**
   * Notes a request and its answer in `c`'s journal: one object, bodies by reference (each one
   * bounded: a valid input, an excerpt, or one of the mock's own answers).
   */
  function note(
    c: SimulatorContext,
    at: number,
    method: string,
    request: RequestLike,
    path: string,
    reply: Reply,
  ) {
    const meta = reply.meta;
    // Fields in the order the journal has always listed them (`seq` first; the journal numbers
    // it), each optional one only when present.
    const entry = {
      seq: 0,
      at,
      method: capText(method, 32),
      url: capText(request.url, JOURNAL_URL_LIMIT),
      path: capText(path, JOURNAL_URL_LIMIT),
    } as JournalEntry;
    let bodyBytes = 0;
    if (meta !== undefined) {
      if (meta.model !== undefined) entry.model = meta.model;
      if (meta.requestId !== undefined) entry.requestId = meta.requestId;
      if ('requestBody' in meta) {
        entry.requestBody = meta.requestBody;
        bodyBytes = meta.requestBytes ?? 0;
      } else if (meta.requestExcerpt !== undefined) {
        entry.requestExcerpt = meta.requestExcerpt;
        entry.requestBytes = meta.requestBytes as number;
      }
    }
    entry.status = reply.networkError ? 'network-error' : reply.status;
    const contentType = reply.headers?.['content-type'];
    if (contentType !== undefined) entry.contentType = contentType;
    if (!(reply.body instanceof Uint8Array || reply.body === undefined)) {
      entry.responseBody = reply.body;
    }
    if (meta?.fault) entry.fault = true;
    if (reply.headers !== undefined) entry.responseHeaders = reply.headers;
    const headers = request.headers;
    c.journal.record(
      entry,
      bodyBytes,
      headers.forEach === undefined ? undefined : (headers as HeaderSource),
    );
  }

  /** The answer of an injected fault, noted with the request's body as a route would note it. */
  function faulted(
    c: SimulatorContext,
    at: number,
    method: string,
    request: RequestLike,
    path: string,
    hit: FaultHit,
  ): Reply | Promise<Reply> {
    let reply: Reply;
    if (hit.networkError) reply = { status: 0, networkError: true };
    else {
      const retry =
        hit.retryAfter === undefined ? undefined : { 'retry-after': String(hit.retryAfter) };
      // A dropped connection has no headers to date; any other answer carries the mock's time.
      reply = withDate(failure(hit.status, hit.error, retry), at);
    }
    const finish = (meta: NonNullable<Reply['meta']>) => {
      meta.fault = true;
      reply.meta = meta;
      note(c, at, method, request, path, reply);
      return reply;
    };
    const meta = faultedBodyMeta(c, request, path);
    return meta instanceof Promise ? meta.then(finish) : finish(meta);
  }

  // A client polls one status URL, or submits to one endpoint, over and over: the last URL
  // parsed is kept (parsing is a pure function of the text, and nothing changes a parsed URL).
  let lastHref: string | undefined;
  let lastUrl: URL | undefined;
  function parse(href: string): URL {
    if (href !== lastHref || lastUrl === undefined) {
      lastUrl = new URL(href);
      lastHref = href;
    }
    return lastUrl;
  }

  /**
   * An API call (anything outside `/__mock/`) against `c`: faults, routes, journal. Every answer
   * carries the mock's time in `date`, set before it is journaled (a shared store writes the
   * entry out at once).
   */
  const answerApi: RequestStep = (c, request, url, method) => {
    const at = c.clock.now();
    const hit = c.faults.match(method, url.pathname);
    if (hit) return faulted(c, at, method, request, url.pathname, hit);
    const routed = routeApi(c, request, url, method);
    if (routed instanceof Promise) {
      return routed.then((done) => {
        withDate(done, at);
        note(c, at, method, request, url.pathname, done);
        return done;
      });
    }
    withDate(routed, at);
    note(c, at, method, request, url.pathname, routed);
    return routed;
  };

  function answer(request: RequestLike): Reply | Promise<Reply> {
    const url = parse(request.url);
    const method = request.method.toUpperCase();
    const kind: RequestKind = url.pathname.startsWith(CONTROL_PREFIX) ? 'control' : 'api';
    const step = kind === 'control' ? routeControl : answerApi;
    return shared ? shared.run(kind, step, request, url, method) : step(ctx, request, url, method);
  }

  async function reply(request: RequestLike): Promise<Reply> {
    try {
      return await answer(request);
    } catch (error) {
      // Only a defect of the mock lands here; say so rather than take the caller down.
      const reason = error instanceof Error ? error.message : String(error);
      return failure(500, `Internal mock error: ${reason}`);
    }
  }

  /** The in-process controls read and change state synchronously: in memory only. */
  const local = <T>(name: string, run: () => T): T => {
    if (shared) {
      throw new TypeError(
        `mock.${name} works on the state of this process, and this mock keeps its state in ${options.store?.description}: use the control API under ${CONTROL_PREFIX} instead`,
      );
    }
    return run();
  };

  return {
    reply,
    async handle(request: Request): Promise<Response> {
      const answer = await reply(request);
      try {
        return toResponse(answer);
      } catch (error) {
        // Writing the body is the one step outside reply()'s guard; it must not throw either.
        const reason = error instanceof Error ? error.message : String(error);
        return toResponse(failure(500, `Internal mock error: ${reason}`));
      }
    },
    clock: {
      get mode() {
        return clock.mode;
      },
      get speed() {
        return clock.speed;
      },
      now: () => local('clock.now()', () => clock.now()),
      advance: (ms: number) => local('clock.advance()', () => clock.advance(ms)),
    },
    failNext: (failNextOptions) =>
      local('failNext()', () => ctx.outcomes.failNext(failNextOptions)),
    fault: (faultOptions) => local('fault()', () => ctx.faults.add(faultOptions)),
    jobs() {
      return local('jobs()', () => {
        const now = clock.now();
        return ctx.store.list(now).map((job) => viewJob(job, now));
      });
    },
    job(id: string) {
      return local('job()', () => {
        const now = clock.now();
        const job = ctx.store.get(id, now);
        return job && viewJob(job, now);
      });
    },
    get requests() {
      return local('requests', () => ctx.journal.entries());
    },
    reset: () => local('reset()', () => ctx.reset()),
  };
}
