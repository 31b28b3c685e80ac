import type { CheckContext } from './context.js';
import type { ContractAnswer } from './exchange.js';
import { isPng } from './validator.js';

/** The states of a job, in the only order they may come. FAILED and COMPLETED are both final. */
const RANK: Record<string, number> = { QUEUED: 0, PROCESSING: 1, COMPLETED: 2, FAILED: 2 };

/** A submitted job as the suite follows it. */
export interface SubmittedJob {
  requestId: string;
  statusUrl: string;
  responseUrl: string;
}

/** How a followed job ended. */
export interface FollowedJob extends SubmittedJob {
  /** The final state, or undefined when the job did not end within the allowed wait. */
  final: 'COMPLETED' | 'FAILED' | undefined;
  /** Every distinct state seen, in order. */
  states: string[];
  /** The last status answer. */
  last: ContractAnswer | undefined;
}

/** Virtual time between two polls when the suite drives the clock. */
const VIRTUAL_STEP_MS = 250;
/** Time between two polls when time passes for real, as the official SDK polls (on a mock's
 * real clock at speed N, this is the mock's time: 1 s / N of wall time). */
const REAL_STEP_MS = 1_000;
/** Wait after a 429 without a usable `Retry-After`. */
const RATE_LIMIT_WAIT_MS = 10_000;
/** Longest virtual time a job may take: far beyond any documented processing time. */
const VIRTUAL_LIMIT_MS = 30 * 60_000;

/**
 * Checks a job URL: absolute http(s), on an origin the client called. A relative URL breaks
 * Segmind's own SDK, which polls the URLs exactly as given.
 */
function checkJobUrl(ctx: CheckContext, name: string, value: unknown, answer: ContractAnswer) {
  if (typeof value !== 'string') return;
  let url: URL | undefined;
  try {
    url = /^https?:\/\//i.test(value) ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) {
    ctx.violation('relative-url', `${name} "${value}" is not an absolute http(s) URL`, answer);
  } else if (!ctx.origins.includes(url.origin)) {
    ctx.violation(
      'foreign-origin',
      `${name} "${value}" is on ${url.origin}, not on the origin the client called (${ctx.origins.join(', ')})`,
      answer,
    );
  }
}

/**
 * Reads a submit answer: validates its job URLs and returns where to poll. A relative, missing
 * or foreign URL is recorded, and the suite falls back to the documented paths on the base URL
 * so it can go on finding other violations.
 */
export function readSubmit(ctx: CheckContext, answer: ContractAnswer): SubmittedJob | undefined {
  const body = answer.json;
  if (typeof body?.request_id !== 'string' || body.request_id === '') return undefined;
  ctx.requestId(body.request_id);
  checkJobUrl(ctx, 'status_url', body.status_url, answer);
  checkJobUrl(ctx, 'response_url', body.response_url, answer);
  const id = encodeURIComponent(body.request_id);
  // A URL on another origin is not followed: the suite would send the API key there.
  const absolute = (value: unknown, fallback: string) => {
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return fallback;
    return URL.canParse(value) && ctx.origins.includes(new URL(value).origin) ? value : fallback;
  };
  return {
    requestId: body.request_id,
    statusUrl: absolute(body.status_url, `/v2/requests/${id}/status`),
    responseUrl: absolute(body.response_url, `/v2/requests/${id}`),
  };
}

/** Records a request id that does not echo the one asked for. */
function checkEcho(ctx: CheckContext, job: SubmittedJob, answer: ContractAnswer) {
  const echoed = answer.json?.request_id;
  if (echoed !== undefined && echoed !== job.requestId) {
    ctx.violation(
      'request-id-mismatch',
      `asked for ${job.requestId}, the body names ${JSON.stringify(echoed)}`,
      answer,
    );
  }
}

/** Records a state that comes before one already seen. */
function observe(ctx: CheckContext, states: string[], state: unknown, answer: ContractAnswer) {
  if (typeof state !== 'string' || !(state in RANK)) return;
  const previous = states.at(-1);
  if (previous !== undefined && previous !== state) {
    const back = (RANK[state] ?? 0) < (RANK[previous] ?? 0);
    const switched = RANK[state] === 2 && RANK[previous] === 2;
    if (back || switched) {
      ctx.violation('state-regression', `state went from ${previous} to ${state}`, answer);
    }
  }
  if (previous !== state) states.push(state);
}

/**
 * Polls a job's `status_url` until it is COMPLETED or FAILED, checking on the way that states
 * only move forward, that every body names the job, that FAILED comes as 422, and (once, while
 * the job is pending) that the result endpoint answers 202 with a pending body.
 */
export async function followJob(ctx: CheckContext, job: SubmittedJob): Promise<FollowedJob> {
  const states: string[] = ['QUEUED'];
  // Times below are the target's: `ctx.wait` turns them into real time on a real clock.
  const step = ctx.time.controlled ? VIRTUAL_STEP_MS : REAL_STEP_MS;
  const limit = ctx.time.controlled ? VIRTUAL_LIMIT_MS : ctx.maxWaitMs * ctx.time.speed;
  let waited = 0;
  let pendingResultChecked = false;
  let last: ContractAnswer | undefined;
  for (;;) {
    const answer = await ctx.send({ method: 'GET', url: job.statusUrl });
    last = answer;
    if (answer.status === 429 && waited < limit) {
      // A documented answer (a real plan allows about 5 calls a minute): back off and go on.
      const seconds = Number(answer.headers.get('retry-after'));
      const pause = Number.isInteger(seconds) && seconds >= 0 ? seconds * 1000 : RATE_LIMIT_WAIT_MS;
      ctx.note(`rate limited while polling; waited ${pause} ms`);
      await ctx.wait(pause);
      waited += pause;
      continue;
    }
    if (!ctx.expectStatus(answer, [200, 422])) {
      return { ...job, final: undefined, states, last };
    }
    checkEcho(ctx, job, answer);
    const state = answer.json?.status;
    observe(ctx, states, state, answer);
    if (answer.status === 422 || state === 'FAILED') {
      if (answer.status !== 422 || state !== 'FAILED' || typeof answer.json?.error !== 'string') {
        ctx.violation(
          'failed-body',
          `a FAILED job must answer 422 with status "FAILED" and an error string; got ${answer.status} ${JSON.stringify(answer.json)}`,
          answer,
        );
      }
      return { ...job, final: 'FAILED', states, last };
    }
    if (state === 'COMPLETED') return { ...job, final: 'COMPLETED', states, last };
    if (!pendingResultChecked && (state === 'QUEUED' || state === 'PROCESSING')) {
      pendingResultChecked = true;
      const pending = await ctx.send({ method: 'GET', url: job.responseUrl });
      // The job may have moved on between the two calls; a final answer is fine then.
      if (ctx.expectStatus(pending, [202, 200, 422])) {
        checkEcho(ctx, job, pending);
        observe(ctx, states, pending.json?.status, pending);
      }
    }
    if (waited >= limit) {
      ctx.violation(
        'timeout',
        `job ${job.requestId} was still ${String(state)} after ${Math.round(limit / 1000)} s${ctx.time.speed === 1 ? '' : ` of the target's clock (×${ctx.time.speed})`}`,
        answer,
      );
      return { ...job, final: undefined, states, last };
    }
    await ctx.wait(step);
    waited += step;
  }
}

/** Fetches a completed job's result and checks that it names the job. */
export async function fetchResult(
  ctx: CheckContext,
  job: SubmittedJob,
): Promise<ContractAnswer | undefined> {
  const answer = await ctx.send({ method: 'GET', url: job.responseUrl });
  if (!ctx.expectStatus(answer, 200)) return undefined;
  checkEcho(ctx, job, answer);
  return answer;
}

/**
 * Fetches a result's `output` URL without the API key (Segmind's media URLs are public) and
 * checks that it serves a PNG. The URL is fetched as given, not through a proxy: it is a media
 * URL, which no operation of the spec covers.
 */
export async function checkOutput(ctx: CheckContext, output: unknown): Promise<boolean> {
  if (typeof output !== 'string') return false;
  const answer = await ctx.send({
    method: 'GET',
    url: output,
    apiKey: null,
    validate: false,
    direct: true,
  });
  if (answer.status === 0) return false;
  const problems: string[] = [];
  if (answer.status !== 200) problems.push(`status ${answer.status}`);
  if (answer.contentType !== 'image/png')
    problems.push(`content type "${answer.contentType || 'none'}"`);
  if (!isPng(answer.bytes)) problems.push('bytes that are not a PNG');
  if (problems.length > 0) {
    ctx.violation(
      'output-not-png',
      `output ${output}, fetched without the API key, came with ${problems.join(', ')}`,
      answer,
    );
    return false;
  }
  return true;
}
