import { readJsonBody } from './body.js';
import type { SimulatorContext } from './context.js';
import { notJson, refuseForeignControlCall } from './control-guard.js';
import { clockBody, stateBody } from './control-state.js';
import type { FaultOptions } from './faults.js';
import { viewJob } from './job-view.js';
import { queryJournal, readJournalQuery } from './journal-query.js';
import { statusAt } from './lifecycle.js';
import { renderPicture } from './picture.js';
import { failure, json, methodNotAllowed, type Reply } from './reply.js';
import type { RequestLike } from './request-like.js';

/** The reserved path prefix of the control API. */
export const CONTROL_PREFIX = '/__mock/';

type Body = Record<string, unknown>;

async function objectBody(ctx: SimulatorContext, request: RequestLike) {
  const body = await readJsonBody(request, ctx.maxBodyBytes);
  // A body without any Content-Type is not JSON by its own account (a page can send one to
  // another origin with no preflight); an empty one is caught below as missing.
  if (
    request.headers.get('content-type') === null &&
    (body.ok || (body.raw?.byteLength ?? 0) > 0)
  ) {
    return { ok: false as const, reply: notJson() };
  }
  if (!body.ok) return body;
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false as const, reply: failure(400, 'body: must be a JSON object') };
  }
  return { ok: true as const, value: value as Body };
}

/** Own property only: a `__proto__` key parsed from JSON must not read through the prototype. */
function field(body: Body, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

function badInput(error: unknown): Reply {
  return failure(400, error instanceof Error ? error.message : String(error));
}

async function advance(ctx: SimulatorContext, request: RequestLike): Promise<Reply> {
  const body = await objectBody(ctx, request);
  if (!body.ok) return body.reply;
  if (ctx.clock.mode === 'real') {
    return failure(400, 'The clock is real: only a virtual clock can be advanced');
  }
  const ms = field(body.value, 'ms');
  if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
    return failure(400, 'ms: must be a finite number >= 0');
  }
  try {
    // Refuses, unchanged, an advance past the range of Date.
    ctx.clock.advance(ms);
  } catch (error) {
    return badInput(error);
  }
  return json(200, clockBody(ctx));
}

async function addOutcome(ctx: SimulatorContext, request: RequestLike): Promise<Reply> {
  const body = await objectBody(ctx, request);
  if (!body.ok) return body.reply;
  const status = field(body.value, 'status');
  if (status !== undefined && status !== 'FAILED') {
    return failure(400, 'status: must be "FAILED" (the only outcome that can be scripted)');
  }
  try {
    ctx.outcomes.failNext({
      model: field(body.value, 'model') as string | undefined,
      error: field(body.value, 'error') as string | undefined,
      times: field(body.value, 'times') as number | undefined,
    });
  } catch (error) {
    return badInput(error);
  }
  return json(200, { outcomes: ctx.outcomes.pending() });
}

async function addFault(ctx: SimulatorContext, request: RequestLike): Promise<Reply> {
  const body = await objectBody(ctx, request);
  if (!body.ok) return body.reply;
  const options: FaultOptions = {};
  for (const name of [
    'method',
    'path',
    'status',
    'networkError',
    'times',
    'probability',
    'error',
    'retryAfter',
  ]) {
    const value = field(body.value, name);
    if (value !== undefined) (options as Body)[name] = value;
  }
  try {
    ctx.faults.add(options);
  } catch (error) {
    return badInput(error);
  }
  return json(200, { faults: ctx.faults.list() });
}

/** `GET /__mock/requests`, filtered by its query. */
function listRequests(ctx: SimulatorContext, url: URL): Reply {
  const query = readJournalQuery(url.searchParams);
  if (!query.ok) return failure(400, query.error);
  // The journal is bounded in entries and bytes, so the answer is too.
  const held = ctx.journal.page(query.after ?? 0, Number.MAX_SAFE_INTEGER);
  return json(200, { requests: queryJournal(held, query) });
}

/** `DELETE /__mock/faults/{id}` and `DELETE /__mock/outcomes/{id}`: disarms one of them. */
function disarm(ctx: SimulatorContext, kind: 'faults' | 'outcomes', id: string): Reply {
  const removed =
    kind === 'faults' ? ctx.faults.remove(Number(id)) : ctx.outcomes.remove(Number(id));
  if (!removed) {
    return failure(404, `No ${kind === 'faults' ? 'armed fault' : 'scripted failure'} ${id}`);
  }
  return kind === 'faults'
    ? json(200, { faults: ctx.faults.list() })
    : json(200, { outcomes: ctx.outcomes.pending() });
}

/**
 * `GET /__mock/jobs/{id}/output`: a completed job's picture, for the console's thumbnails. Not
 * read from `/outputs/`, whose requests are the client's: a page watching the mock must neither
 * fill the journal nor use up a fault armed for the client.
 */
function jobOutput(ctx: SimulatorContext, id: string): Reply {
  const now = ctx.clock.now();
  const job = ctx.store.get(id, now);
  if (!job) return failure(404, `Request not found: ${id.slice(0, 64)}`);
  const status = statusAt(job, now);
  if (status !== 'COMPLETED') return failure(404, `No output for ${job.id}: it is ${status}`);
  return {
    status: 200,
    body: renderPicture(job.picture),
    headers: { 'content-type': 'image/png' },
  };
}

function authorized(ctx: SimulatorContext, request: RequestLike): boolean {
  if (ctx.adminToken === undefined) return true;
  return request.headers.get('authorization') === `Bearer ${ctx.adminToken}`;
}

/**
 * The control API under `/__mock/`: the same operations as the in-process testing API, so a
 * test in another language drives the mock over HTTP as a vitest test does in-process.
 */
export async function routeControl(
  ctx: SimulatorContext,
  request: RequestLike,
  url: URL,
  method: string,
): Promise<Reply> {
  const foreign = refuseForeignControlCall(request, url, ctx.baseOrigin);
  if (foreign) return foreign;
  if (!authorized(ctx, request)) {
    return failure(401, 'The control API needs Authorization: Bearer <admin token>');
  }
  const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const only = (allowed: string, run: () => Reply | Promise<Reply>) =>
    method === allowed ? run() : methodNotAllowed(method, [allowed]);
  switch (path) {
    case 'health':
      return only('GET', () => json(200, { ok: true }));
    case 'reset':
      return only('POST', () => {
        ctx.reset();
        return json(200, { ok: true });
      });
    case 'state':
      return only('GET', () => json(200, stateBody(ctx)));
    case 'clock':
      return only('GET', () => json(200, clockBody(ctx)));
    case 'clock/advance':
      return only('POST', () => advance(ctx, request));
    case 'jobs': {
      return only('GET', () => {
        const now = ctx.clock.now();
        return json(200, { jobs: ctx.store.list(now).map((job) => viewJob(job, now)) });
      });
    }
    case 'requests':
      if (method === 'DELETE') {
        ctx.journal.clear();
        return json(200, { ok: true });
      }
      return method === 'GET'
        ? listRequests(ctx, url)
        : methodNotAllowed(method, ['GET', 'DELETE']);
    case 'outcomes':
      if (method === 'POST') return addOutcome(ctx, request);
      if (method === 'GET') return json(200, { outcomes: ctx.outcomes.pending() });
      if (method === 'DELETE') {
        ctx.outcomes.clear();
        return json(200, { outcomes: [] });
      }
      return methodNotAllowed(method, ['GET', 'POST', 'DELETE']);
    case 'faults':
      if (method === 'POST') return addFault(ctx, request);
      if (method === 'GET') return json(200, { faults: ctx.faults.list() });
      if (method === 'DELETE') {
        ctx.faults.clear();
        return json(200, { faults: [] });
      }
      return methodNotAllowed(method, ['GET', 'POST', 'DELETE']);
  }
  const output = /^jobs\/([^/]+)\/output$/.exec(path);
  if (output) return only('GET', () => jobOutput(ctx, output[1] as string));
  const job = /^jobs\/([^/]+)$/.exec(path);
  if (job) {
    return only('GET', () => {
      const now = ctx.clock.now();
      const found = ctx.store.get(job[1] as string, now);
      return found
        ? json(200, viewJob(found, now))
        : failure(404, `Request not found: ${(job[1] as string).slice(0, 64)}`);
    });
  }
  const armed = /^(faults|outcomes)\/(\d{1,15})$/.exec(path);
  if (armed) {
    const kind = armed[1] as 'faults' | 'outcomes';
    return only('DELETE', () => disarm(ctx, kind, armed[2] as string));
  }
  return failure(404, `No control route ${url.pathname.slice(0, 128)}`);
}
