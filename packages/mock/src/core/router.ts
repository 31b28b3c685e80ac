import {
  creditsBody,
  failedBody,
  pendingResultBody,
  resultBody,
  statusBody,
  submitBody,
  syncJsonBody,
} from './api-bodies.js';
import { toBase64 } from './base64.js';
import { type BodyResult, readJsonBody } from './body.js';
import type { SimulatorContext } from './context.js';
import { acceptedMeta, excerptMeta } from './journal-body.js';
import { statusAt } from './lifecycle.js';
import { answersJson, pictureOf } from './model-output.js';
import { renderPicture } from './picture.js';
import { failure, json, jsonNoted, methodNotAllowed, type Reply } from './reply.js';
import type { RequestLike } from './request-like.js';
import { uuidFrom } from './rng.js';
import type { Job } from './store.js';

/** The path segment of `GET /v1/get-user-credits`. */
const CREDITS_PATH = 'get-user-credits';

type Model = SimulatorContext['models'] extends ReadonlyMap<string, infer M> ? M : never;

function originOf(ctx: SimulatorContext, url: URL): string {
  return ctx.baseOrigin ?? url.origin;
}

/** An ISO 8601 UTC time to the second, as `x-rate-limit-reset-at-utc` carries it. */
function isoSeconds(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Key, then rate: every authenticated API call counts against the key's per-minute limit (the
 * key's own plan, or the `rateLimit` option), polls included, as the spec documents 429 on the
 * request endpoints too. A 429 says when to come back in `Retry-After` and, as third-party code
 * reads them from Segmind (assumptions of the spec), `x-rate-limit-remaining: 0` and
 * `x-rate-limit-reset-at-utc`.
 */
function admit(ctx: SimulatorContext, request: RequestLike) {
  const auth = ctx.auth.check(request.headers.get('x-api-key'));
  if (!auth.ok) return { ok: false as const, reply: failure(auth.status, auth.error) };
  const rate = ctx.rateLimiter.take(auth.key, ctx.clock.now(), ctx.auth.rateLimitOf(auth.key));
  if (!rate.ok) {
    const seconds = rate.retryAfterSeconds;
    return {
      ok: false as const,
      reply: failure(429, `Rate limit exceeded, retry in ${seconds} s`, {
        'retry-after': String(seconds),
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset-at-utc': isoSeconds(rate.resetAt),
      }),
    };
  }
  return { ok: true as const, key: auth.key, remaining: rate.remaining };
}

/**
 * Adds `x-rate-limit-remaining` to an answer of an admitted call when the key has a limit (an
 * assumption of the spec: third-party code reads it from Segmind's answers).
 */
function withRemaining(reply: Reply, remaining: number | undefined): Reply {
  if (remaining !== undefined && reply.headers !== undefined) {
    reply.headers['x-rate-limit-remaining'] = String(remaining);
  }
  return reply;
}

type Accepted =
  | {
      ok: true;
      key: string;
      input: Record<string, unknown>;
      /** Credits left after the charge. */
      remaining: number;
      /** Requests left in the key's rate-limit window, when it has a limit. */
      rateRemaining: number | undefined;
      meta: Reply['meta'];
    }
  | { ok: false; reply: Reply };

/**
 * The checks every model call goes through, in order: key, rate, body, schema, credits. Answers
 * without a promise when the body is at hand (the HTTP server's case).
 */
function accept(
  ctx: SimulatorContext,
  request: RequestLike,
  model: Model,
): Accepted | Promise<Accepted> {
  const gate = admit(ctx, request);
  if (!gate.ok) return gate;
  const body = readJsonBody(request, ctx.maxBodyBytes);
  return body instanceof Promise
    ? body.then((read) => checkBody(ctx, model, gate.key, gate.remaining, read))
    : checkBody(ctx, model, gate.key, gate.remaining, body);
}

function checkBody(
  ctx: SimulatorContext,
  model: Model,
  key: string,
  rateRemaining: number | undefined,
  body: BodyResult,
): Accepted {
  if (!body.ok) {
    const refused = withMeta(body.reply, excerptMeta(model.name, body.raw));
    return { ok: false, reply: withRemaining(refused, rateRemaining) };
  }
  const accepted = chargeFor(ctx, model, key, body);
  if (!accepted.ok) return { ok: false, reply: withRemaining(accepted.reply, rateRemaining) };
  return { ...accepted, rateRemaining };
}

function chargeFor(
  ctx: SimulatorContext,
  model: Model,
  key: string,
  body: Extract<BodyResult, { ok: true }>,
): Omit<Extract<Accepted, { ok: true }>, 'rateRemaining'> | { ok: false; reply: Reply } {
  const checked = model.validate(body.value);
  if (!checked.ok) {
    return {
      ok: false,
      reply: withMeta(failure(400, checked.error), excerptMeta(model.name, body.raw)),
    };
  }
  const meta = acceptedMeta(model.name, body.value, body.raw);
  const charge = ctx.credits.charge(key, model.name);
  if (!charge.ok) {
    return {
      ok: false,
      reply: withMeta(
        failure(
          406,
          `Insufficient credits: ${model.name} costs ${ctx.credits.costOf(model.name)}, ${charge.remaining} left`,
        ),
        meta,
      ),
    };
  }
  return {
    ok: true,
    key,
    input: body.value as Record<string, unknown>,
    remaining: charge.remaining,
    meta,
  };
}

/** Adds what the journal notes to a reply built by `json` or `failure` (no copy). */
function withMeta(reply: Reply, meta: Reply['meta']): Reply {
  reply.meta = meta;
  return reply;
}

/** `POST /v2/{model}`: queues a job and answers at once with its absolute URLs. */
function submit(
  ctx: SimulatorContext,
  request: RequestLike,
  url: URL,
  model: Model,
): Reply | Promise<Reply> {
  const accepted = accept(ctx, request, model);
  return accepted instanceof Promise
    ? accepted.then((done) => queue(ctx, url, model, done))
    : queue(ctx, url, model, accepted);
}

function queue(ctx: SimulatorContext, url: URL, model: Model, accepted: Accepted): Reply {
  if (!accepted.ok) return accepted.reply;
  const now = ctx.clock.now();
  const timing = ctx.timings(model.name);
  const startedAt = now + timing.queueMs;
  const endedAt = startedAt + timing.processingMs;
  const failed = ctx.outcomes.decide(model.name);
  // A job that will fail costs nothing: give the charge back at once.
  if (failed !== undefined) ctx.credits.refund(accepted.key, model.name);
  const job: Job = {
    id: uuidFrom(ctx.idRng),
    model: model.name,
    apiKey: accepted.key,
    createdAt: now,
    startedAt,
    endedAt,
    // Segmind stores status and results for one hour after submission, however long it ran.
    expiresAt: now + ctx.retentionMs,
    failure: failed,
    picture: pictureOf(model.facts, accepted.input),
  };
  ctx.store.add(job, now);
  const meta = accepted.meta as NonNullable<Reply['meta']>;
  meta.requestId = job.id;
  return withRemaining(
    jsonNoted(200, submitBody(job.id, originOf(ctx, url)), meta),
    accepted.rateRemaining,
  );
}

/**
 * `POST /v1/{model}`: answers at once with the picture. The real endpoint blocks for the job's
 * processing time; a simulator on a virtual clock cannot block, so v1 never waits.
 */
async function runSync(ctx: SimulatorContext, request: RequestLike, model: Model): Promise<Reply> {
  const accepted = await accept(ctx, request, model);
  if (!accepted.ok) return accepted.reply;
  const failed = ctx.outcomes.decide(model.name);
  if (failed !== undefined) {
    // v1 documents no 422: a failure is a 400 with the reason, inside the documented codes.
    // Like a failed job, it costs nothing.
    ctx.credits.refund(accepted.key, model.name);
    return withRemaining({ ...failure(400, failed), meta: accepted.meta }, accepted.rateRemaining);
  }
  const png = renderPicture(pictureOf(model.facts, accepted.input));
  const headers = {
    'x-remaining-credits': String(accepted.remaining),
    // Third-party code reads an id of the call from v1 answers (an assumption of the spec).
    'x-request-id': uuidFrom(ctx.callIdRng),
  };
  if (answersJson(model.facts, accepted.input)) {
    return withRemaining(
      { ...json(200, syncJsonBody(toBase64(png)), headers), meta: accepted.meta },
      accepted.rateRemaining,
    );
  }
  return withRemaining(
    {
      status: 200,
      body: png,
      headers: { 'content-type': 'image/png', ...headers },
      meta: accepted.meta,
    },
    accepted.rateRemaining,
  );
}

function lookup(ctx: SimulatorContext, request: RequestLike, id: string) {
  const gate = admit(ctx, request);
  if (!gate.ok) return { reply: gate.reply };
  const job = ctx.store.get(id, ctx.clock.now());
  // A request id belongs to the key that submitted it, as in any multi-tenant service: another
  // key is told nothing more than for an unknown id (the spec states this assumption).
  if (!job || job.apiKey !== gate.key) {
    return {
      reply: withRemaining(failure(404, `Request not found: ${id.slice(0, 64)}`), gate.remaining),
    };
  }
  return { job, remaining: gate.remaining };
}

/**
 * `GET /v2/requests/{id}/status`, and `GET /v1/requests/{id}` (the submit's `poll_url`, whose
 * answers Segmind does not document: the spec assumes these same ones).
 */
function getStatus(ctx: SimulatorContext, request: RequestLike, url: URL, id: string): Reply {
  const found = lookup(ctx, request, id);
  if (!found.job) return found.reply;
  const job = found.job;
  ctx.polled(job);
  const meta = { model: job.model, requestId: job.id };
  const status = statusAt(job, ctx.clock.now());
  if (status === 'FAILED') {
    return withRemaining(jsonNoted(422, failedBody(job, job.failure ?? ''), meta), found.remaining);
  }
  return withRemaining(
    jsonNoted(200, statusBody(job, status, originOf(ctx, url)), meta),
    found.remaining,
  );
}

/**
 * `GET /v2/requests/{id}`: 200 when COMPLETED, 422 when FAILED, and 202 with the status body
 * while it runs (undocumented by Segmind: the spec's assumption).
 */
function getResult(ctx: SimulatorContext, request: RequestLike, url: URL, id: string): Reply {
  const found = lookup(ctx, request, id);
  if (!found.job) return found.reply;
  const job = found.job;
  ctx.polled(job);
  const meta = { model: job.model, requestId: job.id };
  const status = statusAt(job, ctx.clock.now());
  if (status === 'FAILED') {
    return withRemaining(jsonNoted(422, failedBody(job, job.failure ?? ''), meta), found.remaining);
  }
  if (status !== 'COMPLETED') {
    return withRemaining(
      jsonNoted(202, pendingResultBody(job, status, originOf(ctx, url)), meta),
      found.remaining,
    );
  }
  return withRemaining(jsonNoted(200, resultBody(job, originOf(ctx, url)), meta), found.remaining);
}

/**
 * `GET /v1/get-user-credits`: the key's balance, as Segmind's "Account and Billing APIs" page
 * shows it. The mock keeps one balance per key: it is `credits`, and `free-credits` is 0. An
 * unlimited key shows the constant of `x-remaining-credits` (`UNLIMITED_CREDITS`).
 */
function getCredits(ctx: SimulatorContext, request: RequestLike): Reply {
  const gate = admit(ctx, request);
  if (!gate.ok) return gate.reply;
  return withRemaining(json(200, creditsBody(ctx.credits.remaining(gate.key))), gate.remaining);
}

/** `GET /outputs/{id}.png`: public, like Segmind's media URLs; gone when the job expires. */
function getOutput(ctx: SimulatorContext, file: string): Reply {
  const id = file.endsWith('.png') ? file.slice(0, -4) : '';
  const job = id ? ctx.store.get(id, ctx.clock.now()) : undefined;
  if (!job || statusAt(job, ctx.clock.now()) !== 'COMPLETED') {
    return failure(404, `Output not found: ${file.slice(0, 64)}`);
  }
  return {
    status: 200,
    body: renderPicture(job.picture),
    headers: { 'content-type': 'image/png' },
    meta: { model: job.model, requestId: job.id },
  };
}

/**
 * Routes one API request (everything outside `/__mock/`). Never throws on any input. Answers
 * without a promise when it can (every route but v1, and v2 with the body at hand).
 */
export function routeApi(
  ctx: SimulatorContext,
  request: RequestLike,
  url: URL,
  method: string,
): Reply | Promise<Reply> {
  let path = url.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const parts = path.split('/');
  const [, head, second, third, fourth] = parts;
  if (head === 'outputs' && parts.length === 3) {
    return method === 'GET' ? getOutput(ctx, second as string) : methodNotAllowed(method, ['GET']);
  }
  if (head === 'v2' && second === 'requests' && third) {
    if (parts.length === 4) {
      return method === 'GET'
        ? getResult(ctx, request, url, third)
        : methodNotAllowed(method, ['GET']);
    }
    if (parts.length === 5 && fourth === 'status') {
      return method === 'GET'
        ? getStatus(ctx, request, url, third)
        : methodNotAllowed(method, ['GET']);
    }
  }
  if (head === 'v1' && second === 'requests' && third && parts.length === 4) {
    return method === 'GET'
      ? getStatus(ctx, request, url, third)
      : methodNotAllowed(method, ['GET']);
  }
  if (head === 'v1' && second === CREDITS_PATH && parts.length === 3) {
    return method === 'GET' ? getCredits(ctx, request) : methodNotAllowed(method, ['GET']);
  }
  if ((head === 'v1' || head === 'v2') && second && second !== 'requests' && parts.length === 3) {
    // Every model of the spec's registry has both entry points, v1 and v2.
    const model = ctx.models.get(second);
    if (!model) return failure(404, `Model not found: ${second.slice(0, 64)}`);
    if (method !== 'POST') return methodNotAllowed(method, ['POST']);
    return head === 'v1' ? runSync(ctx, request, model) : submit(ctx, request, url, model);
  }
  return failure(404, `Not found: ${method.slice(0, 16)} ${path.slice(0, 128)}`);
}
